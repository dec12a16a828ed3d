using System.Globalization;
using System.Text;
using EcommerceLake.DemoSources.Olist;
using EcommerceLake.DemoSources.ReviewApi;
using EcommerceLake.DemoSources.Seeding;
using EcommerceLake.DemoSources.Snapshot;
using EcommerceLake.Streams;
using EcommerceLake.Testing.DemoSources;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.DemoSources.Tests.Seeding;

public class When_the_change_batch_is_applied(ChangedSources sources) : IClassFixture<ChangedSources>
{
    [Fact]
    public void Should_report_each_kind_of_change()
    {
        var changes = sources.Changes;

        changes.OrdersInserted.Should().Be(sources.Seed["marketplace.orders"].HeldBack).And.Be(1_768);
        changes.CustomersInserted.Should().Be(sources.Seed["marketplace.customers"].HeldBack);
        changes.OrderItemsInserted.Should().Be(sources.Seed["marketplace.order_items"].HeldBack);
        changes.OrderPaymentsInserted.Should().Be(sources.Seed["marketplace.order_payments"].HeldBack);
        changes.ReviewsInserted.Should().Be(sources.Seed["reviews_api.order_reviews"].HeldBack).And.Be(2_604);
        changes.OrdersDelivered.Should().Be(200).And.Be(changes.DeliveredOrderIds.Count);
        changes.OrdersCanceled.Should().Be(75).And.Be(changes.CanceledOrderIds.Count);
        changes.OrderItemsDeleted.Should().Be(100).And.Be(changes.DeletedOrderItems.Count);
        changes.NewFileName.Should().Be("product_category_name_translation_2018-10.csv");
        changes.NewFileWritten.Should().BeTrue();
        changes.TranslationsAdded.Should().Be(2);
    }

    [Fact]
    public async Task Should_hold_the_whole_dataset_minus_the_deleted_items_with_the_status_updates_applied()
    {
        var snapshot = new SourceSnapshot(sources.Settings);
        var changes = sources.Changes;

        foreach (var spec in StreamCatalog.Default.ForSource("marketplace"))
        {
            var table = sources.Dataset[spec.Origin];
            var expected = OlistData.Expected(spec, table, table.Rows);
            var actual = await snapshot.ReadAsync(spec);
            if (spec.Stream == "order_items")
            {
                changes.DeletedOrderItems.Should().OnlyContain(k => expected.ContainsKey(k));
                foreach (var key in changes.DeletedOrderItems) expected.Remove(key);
            }
            if (spec.Stream == "orders")
                ApplyStatusUpdates(spec, expected, actual.Rows);

            actual.Rejected.Should().BeEmpty(spec.Key);
            actual.Rows.Should().HaveCount(expected.Count, spec.Key);
            OlistData.Differences(expected, actual.Rows).Should().BeEmpty(spec.Key);
        }
    }

    [Fact]
    public async Task Should_hold_every_review_with_its_exact_text()
    {
        var spec = StreamCatalog.Default.Get("reviews", "order_reviews");
        var table = sources.Dataset[OlistDataset.OrderReviews];
        // The dataset's columns; the nested arrays the vendor derives are checked in
        // When_the_demo_vendor_serves_nested_arrays.
        var csvColumns = spec.Columns.Count(c => ReviewApiSchema.Columns.Contains(c.Name));
        var csvSpec = spec with { Columns = spec.Columns.Take(csvColumns).ToList() };

        var actual = await new SourceSnapshot(sources.Settings).ReadAsync(spec);

        actual.Rows.Should().HaveCount(27_333);
        OlistData.Differences(
                OlistData.Expected(csvSpec, table, table.Rows),
                actual.Rows.ToDictionary(r => r.Key, r => r.Value[..csvColumns]))
            .Should().BeEmpty();
        actual.Rows["e233e51d11511bf30e568c76360ace52|548df2c6e5f089574614894bca78acf5"][4].Should()
            .Be("recebi somente 1 controle Midea Split ESTILO.\r\nFaltou Controle Remoto para Ar Condicionado Consul");
    }

    [Fact]
    public async Task Should_drop_a_translation_file_that_covers_every_untranslated_category()
    {
        var path = Path.Combine(sources.Settings.DropDirectory, sources.Changes.NewFileName);
        var original = await File.ReadAllBytesAsync(
            Path.Combine(sources.Settings.DropDirectory, "product_category_name_translation.csv"));
        var products = sources.Dataset[OlistDataset.Products];
        var categories = products.Rows.Select(r => r[products.ColumnIndex("product_category_name")])
            .OfType<string>().ToHashSet();
        var translation = StreamCatalog.Default.Get("files", "category_translation");

        var snapshot = await new SourceSnapshot(sources.Settings).ReadAsync(translation);
        var added = File.ReadAllText(path, Encoding.UTF8).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        (await File.ReadAllBytesAsync(path)).Take(3).Should().Equal(Encoding.UTF8.GetPreamble());
        Encoding.UTF8.GetString(original).Split('\n')[0].Should()
            .Be(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(path)).Split('\n')[0]);
        added.Skip(1).Should().BeEquivalentTo(
            "pc_gamer,pc_gamer", "portateis_cozinha_e_preparadores_de_alimentos,portable_kitchen_and_food_preparers");
        categories.Should().OnlyContain(c => snapshot.Rows.ContainsKey(c));
        snapshot.Rows.Should().HaveCount(73);
        snapshot.Rows.Values.Should().OnlyContain(v => v[1] != null);
    }

    [Fact]
    public async Task Should_let_the_new_file_come_last_in_the_files_stream()
    {
        var translation = StreamCatalog.Default.Get("files", "category_translation");

        var snapshot = await new SourceSnapshot(sources.Settings).ReadAsync(translation);
        var counts = await new SourceSnapshot(sources.Settings).CountAsync();

        snapshot.Files.Select(Path.GetFileName).Should()
            .Equal("product_category_name_translation.csv", sources.Changes.NewFileName);
        counts.RowsByStream.Should().HaveCount(StreamCatalog.Default.All.Count);
        counts["files.category_translation"].Should().Be(73);
        counts["marketplace.orders"].Should().Be(27_288);
        counts["marketplace.order_items"].Should().Be(30_263 - 100);
        counts["files.products"].Should().Be(32_951);
        counts["files.sellers"].Should().Be(3_095);
    }

    [Fact]
    public async Task Should_change_nothing_when_applied_again()
    {
        var translation = StreamCatalog.Default.Get("files", "category_translation");
        var before = File.GetLastWriteTimeUtc(
            Path.Combine(sources.Settings.DropDirectory, sources.Changes.NewFileName));

        var again = await new DemoSeeder(sources.Settings, sources.Dataset).ApplyChangeBatchAsync();

        again.Should().BeEquivalentTo(sources.Changes with
        {
            OrdersInserted = 0, CustomersInserted = 0, OrderItemsInserted = 0, OrderPaymentsInserted = 0,
            ReviewsInserted = 0, OrdersDelivered = 0, OrdersCanceled = 0, OrderItemsDeleted = 0, NewFileWritten = false,
        });
        File.GetLastWriteTimeUtc(Path.Combine(sources.Settings.DropDirectory, sources.Changes.NewFileName))
            .Should().Be(before);
        (await new SourceSnapshot(sources.Settings).CountAsync([translation]))["files.category_translation"]
            .Should().Be(73);
    }

    private void ApplyStatusUpdates(
        StreamSpec spec, Dictionary<string, string?[]> expected, IReadOnlyDictionary<string, string?[]> actual)
    {
        int status = Index(spec, "order_status"), carrier = Index(spec, "order_delivered_carrier_date"),
            delivered = Index(spec, "order_delivered_customer_date");
        foreach (var id in sources.Changes.DeliveredOrderIds)
        {
            expected[id][status].Should().Be("shipped");
            var deliveredAt = DateTime.ParseExact(
                actual[id][delivered]!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var carriedAt = DateTime.ParseExact(
                expected[id][carrier]!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            deliveredAt.Should().BeAfter(carriedAt).And.BeBefore(carriedAt.AddDays(13));
            expected[id][status] = "delivered";
            expected[id][delivered] = actual[id][delivered];
        }
        foreach (var id in sources.Changes.CanceledOrderIds)
        {
            expected[id][status].Should().BeOneOf("processing", "approved");
            expected[id][status] = "canceled";
        }
    }

    private static int Index(StreamSpec spec, string column) => spec.Columns.ToList().FindIndex(c => c.Name == column);
}
