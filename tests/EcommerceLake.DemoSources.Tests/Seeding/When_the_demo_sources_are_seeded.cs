using System.IO.Compression;
using EcommerceLake.DemoSources.Olist;
using EcommerceLake.DemoSources.Seeding;
using EcommerceLake.DemoSources.Snapshot;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Testing.DemoSources;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.DemoSources.Tests.Seeding;

public class When_the_demo_sources_are_seeded(SeededSources sources) : IClassFixture<SeededSources>
{
    private static readonly DateTime HoldBackFrom = new(2018, 8, 1);

    [Fact]
    public void Should_seed_and_hold_back_rows_that_add_up_to_the_dataset()
    {
        sources.Seed.Tables.Select(t => t.Target).Should().BeEquivalentTo(
            "marketplace.orders", "marketplace.order_items", "marketplace.order_payments", "marketplace.customers",
            "marketplace.products", "marketplace.sellers", "reviews_api.order_reviews",
            "drop/olist_sellers_dataset.csv", "drop/olist_products_dataset.csv",
            "drop/product_category_name_translation.csv");
        sources.Seed.Tables.Should()
            .OnlyContain(t => t.Seeded + t.HeldBack == sources.Dataset[t.DatasetTable].Rows.Count);
        sources.Seed["marketplace.orders"].HeldBack.Should().Be(1_768);
        sources.Seed["marketplace.order_items"].HeldBack.Should().Be(1_906);
        sources.Seed["marketplace.order_payments"].HeldBack.Should().Be(1_826);
        sources.Seed["marketplace.customers"].HeldBack.Should().Be(1_768);
        sources.Seed["reviews_api.order_reviews"].HeldBack.Should().Be(2_604);
        sources.Seed["marketplace.products"].HeldBack.Should().Be(0);
        sources.Seed.ChangeTrackingEnabled.Should().BeFalse();
    }

    [Fact]
    public async Task Should_hold_in_each_source_table_the_rows_it_reports_seeded()
    {
        var counts = await new SourceSnapshot(sources.Settings).CountAsync(
            StreamCatalog.Default.All.Where(s => s.Source != "files"));

        foreach (var spec in MarketplaceSchemaSpecs())
            counts[spec.Key].Should().Be(sources.Seed[$"marketplace.{spec.Origin}"].Seeded, spec.Key);
        counts["reviews.order_reviews"].Should().Be(sources.Seed["reviews_api.order_reviews"].Seeded);
    }

    [Fact]
    public async Task Should_hold_back_exactly_the_orders_purchased_and_reviews_answered_from_the_date()
    {
        var cs = sources.Settings.SourceConnectionString;

        var latestOrder = await PostgresDatabase.QueryColumnAsync(
            cs, "SELECT max(order_purchase_timestamp) FROM marketplace.orders");
        var latestReview = await PostgresDatabase.QueryColumnAsync(
            cs, "SELECT max(review_answer_timestamp) FROM reviews_api.order_reviews");
        var orphans = await PostgresDatabase.QueryColumnAsync(cs, """
            SELECT (SELECT count(*) FROM marketplace.order_items i
                        WHERE NOT EXISTS (SELECT 1 FROM marketplace.orders o WHERE o.order_id = i.order_id))
                 + (SELECT count(*) FROM marketplace.order_payments p
                        WHERE NOT EXISTS (SELECT 1 FROM marketplace.orders o WHERE o.order_id = p.order_id))
                 + (SELECT count(*) FROM marketplace.orders o
                        WHERE NOT EXISTS (SELECT 1 FROM marketplace.customers c WHERE c.customer_id = o.customer_id))
                 + (SELECT count(*) FROM marketplace.customers c
                        WHERE NOT EXISTS (SELECT 1 FROM marketplace.orders o WHERE o.customer_id = c.customer_id))
            """);

        ((DateTime)latestOrder.Single()!).Should().BeBefore(HoldBackFrom).And.BeAfter(HoldBackFrom.AddDays(-2));
        ((DateTime)latestReview.Single()!).Should().BeBefore(HoldBackFrom).And.BeAfter(HoldBackFrom.AddDays(-2));
        orphans.Single().Should().Be(0L);
    }

    [Fact]
    public async Task Should_hold_the_seeded_rows_exactly_as_the_dataset_has_them()
    {
        var snapshot = new SourceSnapshot(sources.Settings);
        var orders = sources.Dataset[OlistDataset.Orders];
        var purchased = orders.ColumnIndex("order_purchase_timestamp");
        var seededOrders = orders.Rows.Where(r => string.CompareOrdinal(r[purchased], "2018-08-01") < 0).ToList();
        var seededOrderIds = seededOrders.Select(r => r[0]!).ToHashSet();
        var seededCustomerIds = seededOrders.Select(r => r[1]!).ToHashSet();

        foreach (var spec in MarketplaceSchemaSpecs())
        {
            var table = sources.Dataset[spec.Origin];
            var expected = OlistData.Expected(spec, table, table.Rows.Where(r => spec.Origin switch
            {
                "orders" or "order_items" or "order_payments" =>
                    seededOrderIds.Contains(r[table.ColumnIndex("order_id")]!),
                "customers" => seededCustomerIds.Contains(r[0]!),
                _ => true,
            }));
            var actual = await snapshot.ReadAsync(spec);

            actual.Rejected.Should().BeEmpty(spec.Key);
            OlistData.Differences(expected, actual.Rows).Should().BeEmpty(spec.Key);
        }
    }

    [Fact]
    public async Task Should_store_empty_measures_as_null_and_snapshot_them_as_zero()
    {
        var products = sources.Dataset[OlistDataset.Products];
        var weight = products.ColumnIndex("product_weight_g");
        var weightless = products.Rows.First(r => r[weight] is null)[0]!;

        var stored = await PostgresDatabase.QueryColumnAsync(sources.Settings.SourceConnectionString,
            $"SELECT product_weight_g FROM marketplace.products WHERE product_id = '{weightless}'");
        var snapshot = await new SourceSnapshot(sources.Settings)
            .ReadAsync(StreamCatalog.Default.Get("marketplace", "products"));

        stored.Should().Equal([null]);
        snapshot.Rows[weightless][weight].Should().Be("0");
    }

    [Fact]
    public async Task Should_drop_the_three_files_byte_for_byte()
    {
        foreach (var name in new[] { OlistDataset.Sellers, OlistDataset.Products, OlistDataset.CategoryTranslation })
        {
            using var expected = new MemoryStream();
            await using (var gzip = new GZipStream(
                File.OpenRead(sources.Dataset[name].Path), CompressionMode.Decompress))
                await gzip.CopyToAsync(expected);
            var dropped = Path.Combine(sources.Settings.DropDirectory, sources.Dataset.CsvFileName(name));

            (await File.ReadAllBytesAsync(dropped)).Should().Equal(expected.ToArray(), name);
        }
        Directory.GetFiles(sources.Settings.DropDirectory).Should().HaveCount(3);
    }

    [Fact]
    public async Task Should_refuse_to_seed_the_same_database_twice()
    {
        var again = () => new DemoSeeder(sources.Settings, sources.Dataset).SeedAsync();

        (await again.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("already seeded");
        (await DemoSeeder.IsSeededAsync(sources.Settings.SourceConnectionString)).Should().BeTrue();
    }

    [Fact]
    public async Task Should_refuse_a_change_batch_on_a_database_that_was_never_seeded()
    {
        var settings = new DemoSourceSettings
        {
            SourceConnectionString = await sources.Database.CreateDatabaseAsync("unseeded"),
            DropDirectory = sources.Settings.DropDirectory,
            EnableChangeTracking = false,
        };

        var apply = () => new DemoSeeder(settings, sources.Dataset).ApplyChangeBatchAsync();

        (await apply.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("not seeded");
        (await DemoSeeder.IsSeededAsync(settings.SourceConnectionString)).Should().BeFalse();
    }

    private static IEnumerable<StreamSpec> MarketplaceSchemaSpecs() => StreamCatalog.Default.ForSource("marketplace");
}
