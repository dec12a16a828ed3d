using System.Globalization;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Warehouse.Marts;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests;

public sealed class When_the_real_olist_data_is_loaded(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly (string Source, string Stream, string File)[] Streams =
    [
        ("marketplace", "customers", "olist_customers_dataset.csv.gz"),
        ("marketplace", "orders", "olist_orders_dataset.csv.gz"),
        ("marketplace", "order_items", "olist_order_items_dataset.csv.gz"),
        ("marketplace", "products", "olist_products_dataset.csv.gz"),
        ("files", "category_translation", "product_category_name_translation.csv.gz"),
        ("reviews", "order_reviews", "olist_order_reviews_dataset.csv.gz"),
    ];

    [Fact]
    public async Task Should_load_every_row_and_build_marts_that_match_the_files()
    {
        await using var bed = await WarehouseTestBed.CreateAsync(database);
        var data = new Dictionary<string, List<string?[]>>();
        foreach (var (source, stream, file) in Streams)
        {
            var records = OlistFiles.Read(file, StreamCatalog.Default.Get(source, stream));
            data[stream] = records;

            var result = await bed.LoadAsync(source, stream, records.Select(r => (string?[])["I", "1", .. r]),
                isFullSnapshot: true, partRows: 10_000);

            result.RawRowCount.Should().Be(records.Count);
            result.Inserted.Should().Be(records.Count, "{0}.{1} has one row per key", source, stream);
            result.TrustedRowCount.Should().Be(records.Count);
        }

        var marts = await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);

        var orders = data["orders"].ToDictionary(o => o[0]!, o => (Status: o[2], Purchased: o[3]));
        var sold = data["order_items"]
            .Where(i => orders[i[0]!].Purchased is not null
                && orders[i[0]!].Status is not ("canceled" or "unavailable"))
            .ToList();
        var totals = (await bed.QueryAsync(
            "SELECT sum(items), sum(revenue), sum(freight) FROM marts.daily_sales_by_state_category")).Single();
        totals[0].Should().Be((decimal)sold.Count);
        totals[1].Should().Be(sold.Sum(i => decimal.Parse(i[5]!, CultureInfo.InvariantCulture)));
        totals[2].Should().Be(sold.Sum(i => decimal.Parse(i[6]!, CultureInfo.InvariantCulture)));
        marts.RowCounts["daily_sales_by_state_category"].Should().BeGreaterThan(1000);
        (await bed.ScalarAsync("SELECT count(*) FROM marts.daily_sales_by_state_category " +
            "WHERE product_category = 'health_beauty'")).Should().NotBe(0L);

        var words = (await bed.QueryAsync("SELECT word, occurrences FROM marts.review_word_counts"))
            .ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        words.Count.Should().Be((int)marts.RowCounts["review_word_counts"]);
        words.Keys.Should().NotContain(PortugueseStopWords.All)
            .And.OnlyContain(w => w.Length >= 3 && w == w.ToLowerInvariant() && w.All(char.IsLetter));
        words.Should().ContainKey("produto").WhoseValue.Should().BeGreaterThan(1000);
        words.Keys.Should().Contain(["ótimo", "entrega", "recebi"], "accented words are kept whole");

        await ShouldHoldTheBoughtTogetherPairsOfTheFiles(bed, data, orders);
    }

    /// <summary>
    /// Recomputes the "bought together" pairs from the files (baskets = distinct products of the orders that are not
    /// canceled or unavailable) and checks the mart against them: every row's counts, support, confidence and lift, the
    /// ten best per product, and the pairs of a real order with several products.
    /// </summary>
    private static async Task ShouldHoldTheBoughtTogetherPairsOfTheFiles(WarehouseTestBed bed,
        Dictionary<string, List<string?[]>> data, Dictionary<string, (string? Status, string? Purchased)> orders)
    {
        var baskets = data["order_items"]
            .Where(i => i[2] is not null && orders[i[0]!].Status is not ("canceled" or "unavailable"))
            .GroupBy(i => i[0]!, i => i[2]!)
            .ToDictionary(g => g.Key, g => g.Distinct().Order(StringComparer.Ordinal).ToList());
        decimal n = baskets.Count;
        var productOrders = baskets.Values.SelectMany(b => b).CountBy(p => p).ToDictionary();
        var together = baskets.Values.SelectMany(b => b.SelectMany(a => b.Where(x => x != a).Select(x => (a, x))))
            .CountBy(p => p).ToDictionary();
        var expected = together
            .Select(p => (A: p.Key.a, B: p.Key.x, Together: (long)p.Value,
                Support: Math.Round(p.Value / n, 10, MidpointRounding.AwayFromZero),
                Confidence: Math.Round(p.Value / (decimal)productOrders[p.Key.a], 6, MidpointRounding.AwayFromZero),
                Lift: Math.Round(p.Value * n / (productOrders[p.Key.a] * (decimal)productOrders[p.Key.x]), 6,
                    MidpointRounding.AwayFromZero)))
            .GroupBy(p => p.A)
            .SelectMany(g => g.OrderByDescending(p => p.Confidence).ThenByDescending(p => p.Lift)
                .ThenByDescending(p => p.Together).ThenBy(p => p.B, StringComparer.Ordinal).Take(10)
                .Select((p, i) => (p.A, Rank: i + 1, p.B, p.Together, p.Support, p.Confidence, p.Lift)))
            .OrderBy(p => p.A, StringComparer.Ordinal).ThenBy(p => p.Rank)
            .ToList();

        var actual = await bed.QueryAsync(
            "SELECT product_id, rank, recommended_product_id, orders_together, support, confidence, lift " +
            "FROM marts.bought_together");
        expected.Count.Should().BeGreaterThan(1000, "the real orders hold many multi-product baskets");
        actual.Select(r => ((string)r[0]!, (int)r[1]!, (string)r[2]!, (long)r[3]!, (decimal)r[4]!, (decimal)r[5]!,
                (decimal)r[6]!))
            .OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2)
            .Should().Equal(expected, "decimal equality ignores the scale; every pair, rank and measure matches");

        var order = baskets.Where(b => b.Value.Count >= 3).OrderBy(b => b.Key, StringComparer.Ordinal).First();
        var pairs = await bed.QueryAsync(
            "SELECT product_id, recommended_product_id, orders_together FROM marts.bought_together " +
            $"WHERE product_id IN ('{string.Join("', '", order.Value)}') " +
            $"AND recommended_product_id IN ('{string.Join("', '", order.Value)}')");
        pairs.Select(p => ((string)p[0]!, (string)p[1]!)).Should().BeEquivalentTo(
            order.Value.SelectMany(a => order.Value.Where(b => b != a).Select(b => (a, b))),
            "order {0} holds {1} products, each bought together with the others", order.Key, order.Value.Count);
        pairs.Should().OnlyContain(p => (long)p[2]! >= 1);
        var english = data["category_translation"].ToDictionary(t => t[0]!, t => t[1]!);
        var category = data["products"].ToDictionary(p => p[0]!,
            p => p[1] is { } pt ? english.GetValueOrDefault(pt, pt) : "unknown");
        var categories = await bed.QueryAsync(
            "SELECT DISTINCT recommended_product_id, recommended_category FROM marts.bought_together");
        categories.Should().OnlyContain(c => (string)c[1]! == category[(string)c[0]!],
            "the category is the English name of the product's category, else its own name, else 'unknown'");
        categories.Select(c => (string)c[1]!).Should().Contain(["bed_bath_table", "furniture_decor"]);
        (await bed.ScalarAsync(
            "SELECT count(*) FROM marts.customer_recommendations r JOIN trusted.marketplace_customers c " +
            "ON c.customer_unique_id = r.customer_unique_id JOIN trusted.marketplace_orders o ON o.customer_id = " +
            "c.customer_id JOIN trusted.marketplace_order_items i ON i.order_id = o.order_id " +
            "AND i.product_id = r.product_id AND o.order_status NOT IN ('canceled', 'unavailable')"))
            .Should().Be(0L, "nobody is recommended a product they bought");
        (await bed.ScalarAsync("SELECT count(*) FROM marts.customer_recommendations")).Should().NotBe(0L);
    }
}
