using System.Text.Json;
using EcommerceLake.DemoSources.Olist;
using EcommerceLake.DemoSources.Snapshot;
using EcommerceLake.Streams;
using EcommerceLake.Testing.DemoSources;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

/// <summary>The nested arrays of the demo vendor's reviews, on the seeded sources after the change batch.</summary>
public sealed class When_the_demo_vendor_serves_nested_arrays(ChangedSources sources) : IClassFixture<ChangedSources>
{
    private const int Products = 7, Users = 8, Sentiments = 9;
    private static readonly StreamSpec Spec = StreamCatalog.Default.Get("reviews", "order_reviews");

    [Fact]
    public async Task Should_derive_products_users_and_sentiments_from_the_real_data()
    {
        var items = sources.Dataset[OlistDataset.OrderItems];
        int itemOrder = items.ColumnIndex("order_id"), itemNumber = items.ColumnIndex("order_item_id"),
            product = items.ColumnIndex("product_id"), seller = items.ColumnIndex("seller_id"),
            price = items.ColumnIndex("price");
        var deleted = sources.Changes.DeletedOrderItems.Select(k => k.Split('|')[0]).ToHashSet();
        var snapshot = await new SourceSnapshot(sources.Settings).ReadAsync(Spec);
        var byOrder = items.Rows.GroupBy(r => r[itemOrder]!).Where(g => g.Count() >= 3 && !deleted.Contains(g.Key))
            .ToDictionary(g => g.Key);
        var review = snapshot.Rows.Values.First(r => byOrder.ContainsKey(r[1]!));
        var orderItems = byOrder[review[1]!].OrderBy(r => int.Parse(r[itemNumber]!)).ToList();

        review[Products].Should().Be("[" + string.Join(",", orderItems.Select(i =>
            $$"""{"product_id":"{{i[product]}}","seller_id":"{{i[seller]}}","price":{{i[price]}}}""")) + "]",
            "compact JSON, items in order_item_id order, prices as published");
        var orders = sources.Dataset[OlistDataset.Orders];
        var customerId =
            orders.Rows.Single(o => o[orders.ColumnIndex("order_id")] == review[1])[orders.ColumnIndex("customer_id")];
        var customers = sources.Dataset[OlistDataset.Customers];
        var customer = customers.Rows.Single(c => c[customers.ColumnIndex("customer_id")] == customerId);
        using var users = JsonDocument.Parse(review[Users]!);
        var user = users.RootElement.EnumerateArray().Should().ContainSingle().Subject;
        user.GetProperty("customer_id").GetString().Should().Be(customerId);
        user.GetProperty("customer_unique_id").GetString().Should()
            .Be(customer[customers.ColumnIndex("customer_unique_id")]);
        user.GetProperty("customer_state").GetString().Should().Be(customer[customers.ColumnIndex("customer_state")]);
        review[Sentiments].Should().Be(review[2] switch
        {
            "5" => """[{"label":"positive","score":1.00,"source":"review_score"}]""",
            "4" => """[{"label":"positive","score":0.75,"source":"review_score"}]""",
            "3" => """[{"label":"neutral","score":0.50,"source":"review_score"}]""",
            "2" => """[{"label":"negative","score":0.25,"source":"review_score"}]""",
            _ => """[{"label":"negative","score":0.00,"source":"review_score"}]""",
        });
        snapshot.Rows.Values.Should()
            .OnlyContain(r => r[Products] != null && r[Users] != null && r[Sentiments] != null);
    }

    [Fact]
    public async Task Should_keep_the_products_a_review_was_stored_with_after_its_items_are_deleted()
    {
        var snapshot = await new SourceSnapshot(sources.Settings).ReadAsync(Spec);
        var reviewed = snapshot.Rows.Values.GroupBy(r => r[1]!).ToDictionary(g => g.Key, g => g.First());
        var (orderId, itemId) = sources.Changes.DeletedOrderItems.Select(k => k.Split('|'))
            .Select(k => (k[0], int.Parse(k[1])))
            .First(k => reviewed.ContainsKey(k.Item1));

        using var products = JsonDocument.Parse(reviewed[orderId][Products]!);

        products.RootElement.GetArrayLength().Should().Be(itemId,
            "the deleted item was the order's last and the review was stored before the deletion: " +
            "the vendor's record does not change");
    }

    [Fact]
    public async Task Should_serve_exactly_the_nested_json_text_the_snapshot_holds()
    {
        var snapshot = await new SourceSnapshot(sources.Settings).ReadAsync(Spec);
        await using var server = await ReviewApiFixture.StartServerAsync(sources.Settings.SourceConnectionString);
        using var http = ReviewApiCalls.Client(server);
        var token = await ReviewApiCalls.TokenAsync(http);

        var (items, _) = await ReviewApiCalls.ReadAllAsync(http, token, "", limit: 100);

        items.Should().HaveCount(snapshot.Rows.Count);
        var differences = items.Where(item =>
        {
            var row = snapshot.Rows[$"{item.GetProperty("review_id").GetString()}|" +
                $"{item.GetProperty("order_id").GetString()}"];
            return item.GetProperty("products").GetRawText() != row[Products]
                || item.GetProperty("users").GetRawText() != row[Users]
                || item.GetProperty("sentiments").GetRawText() != row[Sentiments];
        }).Take(3).Select(i => i.GetRawText());
        differences.Should().BeEmpty();
    }
}
