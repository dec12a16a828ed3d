using EcommerceLake.Testing;
using EcommerceLake.Warehouse.Postgres;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.Postgres;

public sealed class When_a_small_batch_is_merged_into_a_large_table(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const int TrustedRows = 400;
    private WarehouseTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WarehouseTestBed.CreateAsync(database);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static string?[] Customer(string op, long version, string id, string? city) =>
        [op, version.ToString(), id, "u-" + id, "01310", city, "SP"];

    [Theory]
    [InlineData(17_955, 272_880, true)]
    [InlineData(26_040, 247_290, true)]
    [InlineData(19, 100, true)]
    [InlineData(20, 100, false)]
    [InlineData(60_000, 272_880, false)]
    [InlineData(5, 0, false)]
    [InlineData(5, -1, false)]
    public void Should_look_its_keys_up_only_when_it_holds_under_a_fifth_of_the_estimated_rows(
        long batchRows, double trustedEstimate, bool lookups) =>
        PostgresMergeSql.ClassifiesByPointLookups(batchRows, trustedEstimate).Should().Be(lookups);

    [Fact]
    public async Task Should_insert_update_delete_and_record_the_keys_as_a_hash_join_would()
    {
        await _bed.LoadAsync("marketplace", "customers",
            Enumerable.Range(0, TrustedRows).Select(i => Customer("I", 1, $"c{i:D3}", "sao paulo")));
        await _bed.QueryAsync("TRUNCATE land.changes_marketplace_customers, land.changes_all");
        var estimate = Convert.ToDouble(await _bed.ScalarAsync(
            "SELECT reltuples FROM pg_class WHERE oid = 'trusted.marketplace_customers'::regclass"));
        estimate.Should().Be(TrustedRows, "the initial load analyzed the table it filled");
        PostgresMergeSql.ClassifiesByPointLookups(5, estimate).Should().BeTrue("the batch below takes the lookups");

        var result = await _bed.LoadAsync("marketplace", "customers",
        [
            Customer("U", 2, "c001", "rio de janeiro"),
            ["D", "2", "c002", null, null, null, null],
            Customer("U", 0, "c003", "an older version"),
            Customer("U", 1, "c004", "sao paulo"),
            Customer("I", 2, "c999", "osasco"),
        ]);

        result.Should().Be(new LoadResult(RawRowCount: 5, Inserted: 1, Updated: 1, Deleted: 1,
            TrustedRowCount: TrustedRows));
        (await _bed.QueryAsync("SELECT customer_id, customer_city, _change_version FROM trusted.marketplace_customers" +
                " WHERE customer_id IN ('c001', 'c002', 'c003', 'c004', 'c999') ORDER BY customer_id"))
            .Should().BeEquivalentTo(new[]
            {
                new object?[] { "c001", "rio de janeiro", 2L },
                new object?[] { "c003", "sao paulo", 1L },
                new object?[] { "c004", "sao paulo", 1L },
                new object?[] { "c999", "osasco", 2L },
            }, o => o.WithStrictOrdering());
        (await _bed.QueryAsync("SELECT customer_id FROM land.changes_marketplace_customers ORDER BY customer_id"))
            .Select(r => r[0]).Should().Equal("c001", "c002", "c999");
    }
}
