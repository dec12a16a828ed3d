using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests;

/// <summary>
/// marts.bought_together and marts.customer_recommendations on hand-computed numbers. Baskets (distinct products of the
/// orders that count): o1 {p1, p2} (p2 twice), o2 {p1, p3}, o3 {p1, p2, p3}, o4 {p2}, o5 {p4}, o7 {p3, p4}; o6 {p1, p4}
/// is canceled and does not count. N = 6; p1, p2 and p3 are in 3 baskets each, p4 in 2. Together: p1+p2 2 (o1, o3),
/// p1+p3 2 (o2, o3), p2+p3 1 (o3), p3+p4 1 (o7). So p1 → p2: support 2/6, confidence 2/3, lift 2·6/(3·3) = 4/3;
/// p3 → p4: confidence 1/3, lift 1·6/(3·2) = 1; p4 → p3: confidence 1/2, lift 1. Customer u1 (orders o1 and o5) bought
/// p1, p2, p4: p3 scores 2/3 (from p1) + 1/3 (from p2) + 1/2 (from p4) = 1.5, because of p1.
/// </summary>
public sealed class When_the_recommendation_marts_are_built(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private WarehouseTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _bed = await WarehouseTestBed.CreateAsync(database);
        await _bed.LoadAsync("marketplace", "customers",
        [
            ["I", "1", "c1", "u1", "01000", "sao paulo", "SP"],
            ["I", "1", "c2", "u2", "01000", "sao paulo", "SP"],
            ["I", "1", "c3", "u3", "20000", "rio de janeiro", "RJ"],
            ["I", "1", "c4", "u4", "20000", "rio de janeiro", "RJ"],
            ["I", "1", "c5", "u1", "01000", "sao paulo", "SP"],
            ["I", "1", "c6", "u5", "30000", "belo horizonte", "MG"],
            ["I", "1", "c7", "u5", "30000", "belo horizonte", "MG"],
        ]);
        await _bed.LoadAsync("marketplace", "orders",
        [
            ["I", "1", "o1", "c1", "delivered", "2017-10-02 10:00:00", null, null, null, null],
            ["I", "1", "o2", "c2", "delivered", "2017-10-03 10:00:00", null, null, null, null],
            ["I", "1", "o3", "c3", "shipped", "2017-10-04 10:00:00", null, null, null, null],
            ["I", "1", "o4", "c4", "delivered", "2017-10-05 10:00:00", null, null, null, null],
            ["I", "1", "o5", "c5", "delivered", "2017-10-06 10:00:00", null, null, null, null],
            ["I", "1", "o6", "c6", "canceled", "2017-10-07 10:00:00", null, null, null, null],
            ["I", "1", "o7", "c7", "delivered", "2017-10-08 10:00:00", null, null, null, null],
        ]);
        await _bed.LoadAsync("marketplace", "order_items",
        [
            ["I", "1", "o1", "1", "p1", "s1", null, "10.00", "1.00"],
            ["I", "1", "o1", "2", "p2", "s1", null, "10.00", "1.00"],
            ["I", "1", "o1", "3", "p2", "s1", null, "10.00", "1.00"],
            ["I", "1", "o2", "1", "p1", "s1", null, "10.00", "1.00"],
            ["I", "1", "o2", "2", "p3", "s1", null, "10.00", "1.00"],
            ["I", "1", "o3", "1", "p1", "s1", null, "10.00", "1.00"],
            ["I", "1", "o3", "2", "p2", "s1", null, "10.00", "1.00"],
            ["I", "1", "o3", "3", "p3", "s1", null, "10.00", "1.00"],
            ["I", "1", "o4", "1", "p2", "s1", null, "10.00", "1.00"],
            ["I", "1", "o5", "1", "p4", "s1", null, "10.00", "1.00"],
            ["I", "1", "o6", "1", "p1", "s1", null, "10.00", "1.00"],
            ["I", "1", "o6", "2", "p4", "s1", null, "10.00", "1.00"],
            ["I", "1", "o7", "1", "p3", "s1", null, "10.00", "1.00"],
            ["I", "1", "o7", "2", "p4", "s1", null, "10.00", "1.00"],
        ]);
        await _bed.LoadAsync("marketplace", "products",
        [
            ["I", "1", "p1", "beleza_saude", null, null, null, null, null, null, null],
            ["I", "1", "p2", "esporte_lazer", null, null, null, null, null, null, null],
            ["I", "1", "p3", "pc_gamer", null, null, null, null, null, null, null],
        ]);
        await _bed.LoadAsync("files", "category_translation",
        [
            ["I", "1", "beleza_saude", "health_beauty"],
            ["I", "1", "esporte_lazer", "sports_leisure"],
        ]);
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Should_rank_the_pairs_by_confidence_then_lift_with_support_and_english_categories()
    {
        var result = await _bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);

        result.RowCounts["bought_together"].Should().Be(8);
        (await _bed.QueryAsync("""
            SELECT product_id, rank, recommended_product_id, product_category, recommended_category, orders_together,
                   product_orders, recommended_orders, support, confidence, lift
            FROM marts.bought_together ORDER BY product_id, rank
            """)).Should().BeEquivalentTo(new[]
        {
            Row("p1", 1, "p2", "health_beauty", "sports_leisure", 2, 3, 3, 0.3333333333m, 0.666667m, 1.333333m),
            Row("p1", 2, "p3", "health_beauty", "pc_gamer", 2, 3, 3, 0.3333333333m, 0.666667m, 1.333333m),
            Row("p2", 1, "p1", "sports_leisure", "health_beauty", 2, 3, 3, 0.3333333333m, 0.666667m, 1.333333m),
            Row("p2", 2, "p3", "sports_leisure", "pc_gamer", 1, 3, 3, 0.1666666667m, 0.333333m, 0.666667m),
            Row("p3", 1, "p1", "pc_gamer", "health_beauty", 2, 3, 3, 0.3333333333m, 0.666667m, 1.333333m),
            Row("p3", 2, "p4", "pc_gamer", "unknown", 1, 3, 2, 0.1666666667m, 0.333333m, 1.000000m),
            Row("p3", 3, "p2", "pc_gamer", "sports_leisure", 1, 3, 3, 0.1666666667m, 0.333333m, 0.666667m),
            Row("p4", 1, "p3", "unknown", "pc_gamer", 1, 2, 3, 0.1666666667m, 0.500000m, 1.000000m),
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Should_recommend_to_each_customer_only_products_they_have_not_bought()
    {
        var result = await _bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);

        result.RowCounts["customer_recommendations"].Should().Be(8);
        (await _bed.QueryAsync("""
            SELECT customer_unique_id, rank, product_id, product_category, score, because_of
            FROM marts.customer_recommendations ORDER BY customer_unique_id, rank
            """)).Should().BeEquivalentTo(new[]
        {
            new object?[] { "u1", 1, "p3", "pc_gamer", 1.500000m, "p1" },
            new object?[] { "u2", 1, "p2", "sports_leisure", 1.000000m, "p1" },
            new object?[] { "u2", 2, "p4", "unknown", 0.333333m, "p3" },
            new object?[] { "u3", 1, "p4", "unknown", 0.333333m, "p3" },
            new object?[] { "u4", 1, "p1", "health_beauty", 0.666667m, "p2" },
            new object?[] { "u4", 2, "p3", "pc_gamer", 0.333333m, "p2" },
            new object?[] { "u5", 1, "p1", "health_beauty", 0.666667m, "p3" },
            new object?[] { "u5", 2, "p2", "sports_leisure", 0.333333m, "p3" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Should_keep_only_the_ten_best_pairs_of_a_product()
    {
        var items = Enumerable.Range(1, 12).SelectMany(n => new[]
        {
            new string?[] { "I", "1", $"x{n}", "1", "hub", "s1", null, "1.00", "0" },
            new string?[] { "I", "1", $"x{n}", "2", $"q{n:00}", "s1", null, "1.00", "0" },
        });
        await _bed.LoadAsync("marketplace", "orders", Enumerable.Range(1, 12)
            .Select(n => new string?[]
            {
                "I", "1", $"x{n}", "c1", "delivered", "2018-01-01 00:00:00", null, null, null, null,
            }));
        await _bed.LoadAsync("marketplace", "order_items", items);

        await _bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);

        (await _bed.QueryAsync("SELECT recommended_product_id FROM marts.bought_together WHERE product_id = 'hub' " +
                "ORDER BY rank"))
            .Select(r => (string)r[0]!).Should().Equal(Enumerable.Range(1, 10).Select(n => $"q{n:00}"),
                "all twelve tie on confidence and lift, so the product id decides and the last two fall off");
    }

    private static object?[] Row(string product, int rank, string recommended, string category,
        string recommendedCategory, long together, long productOrders, long recommendedOrders, decimal support,
        decimal confidence, decimal lift) =>
        [product, rank, recommended, category, recommendedCategory, together, productOrders, recommendedOrders, support,
            confidence, lift];
}
