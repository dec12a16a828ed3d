using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests;

public sealed class When_a_json_column_is_loaded(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string Products = "[ {\"product_id\": \"p1\", \"price\": 58.90},\n" +
        "  {\"nome\":\"São Paulo \\\"centro\\\"\",\"b\":1,\"a\":[1, 2.50, null]} ]";
    private WarehouseTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WarehouseTestBed.CreateAsync(database);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static string?[] Review(long version, string id, string? products) =>
        ["I", version.ToString(), id, "o-" + id, "5", null, "bom", "2018-01-01 00:00:00", "2018-01-02 10:00:00",
            products, "[]", """[{"label":"positive"}]"""];

    [Fact]
    public async Task Should_store_it_as_postgres_json_keeping_the_text_byte_for_byte()
    {
        await _bed.LoadAsync("reviews", "order_reviews", [Review(1, "r1", Products)]);

        (await _bed.ScalarAsync("SELECT products::text FROM trusted.reviews_order_reviews WHERE review_id = 'r1'"))
            .Should().Be(Products);
        (await _bed.ScalarAsync("SELECT products::text FROM raw.reviews_order_reviews WHERE review_id = 'r1'"))
            .Should().Be(Products);
        (await _bed.ScalarAsync("SELECT pg_typeof(products)::text FROM trusted.reviews_order_reviews LIMIT 1"))
            .Should().Be("json");
    }

    [Fact]
    public async Task Should_compare_it_as_text_when_merging_the_same_version()
    {
        await _bed.LoadAsync("reviews", "order_reviews", [Review(1, "r2", Products), Review(1, "r3", null)]);

        var same = await _bed.LoadAsync("reviews", "order_reviews", [Review(1, "r2", Products), Review(1, "r3", null)]);
        var respaced = await _bed.LoadAsync("reviews", "order_reviews",
            [Review(1, "r2", Products.Replace("\n  ", "", StringComparison.Ordinal))]);

        same.Updated.Should().Be(0, "loading the same batch again changes nothing");
        respaced.Updated.Should().Be(1, "the text is the value: other white space is another value");
        (await _bed.ScalarAsync("SELECT products::text FROM trusted.reviews_order_reviews WHERE review_id = 'r2'"))
            .Should().Be(Products.Replace("\n  ", "", StringComparison.Ordinal));
    }
}
