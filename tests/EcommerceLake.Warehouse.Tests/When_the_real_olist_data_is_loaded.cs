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

            var result = await bed.LoadAsync(source, stream, records.Select(r => (string?[])["I", "1", .. r]), isFullSnapshot: true, partRows: 10_000);

            result.RawRowCount.Should().Be(records.Count);
            result.Inserted.Should().Be(records.Count, "{0}.{1} has one row per key", source, stream);
            result.TrustedRowCount.Should().Be(records.Count);
        }

        var marts = await bed.Engine.BuildMartsAsync(Guid.NewGuid(), CancellationToken.None);

        var orders = data["orders"].ToDictionary(o => o[0]!, o => (Status: o[2], Purchased: o[3]));
        var sold = data["order_items"]
            .Where(i => orders[i[0]!].Purchased is not null && orders[i[0]!].Status is not ("canceled" or "unavailable"))
            .ToList();
        var totals = (await bed.QueryAsync("SELECT sum(items), sum(revenue), sum(freight) FROM marts.daily_sales_by_state_category")).Single();
        totals[0].Should().Be((decimal)sold.Count);
        totals[1].Should().Be(sold.Sum(i => decimal.Parse(i[5]!, CultureInfo.InvariantCulture)));
        totals[2].Should().Be(sold.Sum(i => decimal.Parse(i[6]!, CultureInfo.InvariantCulture)));
        marts.RowCounts["daily_sales_by_state_category"].Should().BeGreaterThan(1000);
        (await bed.ScalarAsync("SELECT count(*) FROM marts.daily_sales_by_state_category WHERE product_category = 'health_beauty'")).Should().NotBe(0L);

        var words = (await bed.QueryAsync("SELECT word, occurrences FROM marts.review_word_counts"))
            .ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        words.Count.Should().Be((int)marts.RowCounts["review_word_counts"]);
        words.Keys.Should().NotContain(PortugueseStopWords.All).And.OnlyContain(w => w.Length >= 3 && w == w.ToLowerInvariant() && w.All(char.IsLetter));
        words.Should().ContainKey("produto").WhoseValue.Should().BeGreaterThan(1000);
        words.Keys.Should().Contain(["ótimo", "entrega", "recebi"], "accented words are kept whole");
    }
}
