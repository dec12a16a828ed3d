using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.Postgres;

/// <summary>A load reports the rows its trusted table holds from the count the loads keep
/// (Migrations/0011_trusted_row_counts.sql), which must always equal <c>count(*)</c>.</summary>
public sealed class When_a_load_reports_the_rows_of_trusted(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private WarehouseTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WarehouseTestBed.CreateAsync(database);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static string?[] Customer(string op, long version, string id) =>
        [op, version.ToString(), id, "u-" + id, "01310", "sao paulo", "SP"];

    private static IEnumerable<string?[]> Customers(string op, long version, int from, int count) =>
        Enumerable.Range(from, count).Select(i => Customer(op, version, $"c{i:D3}"));

    private Task<object?> Counted() => _bed.ScalarAsync("SELECT count(*) FROM trusted.marketplace_customers");

    private Task<object?> Kept() => _bed.ScalarAsync(
        "SELECT row_count FROM land.trusted_row_counts WHERE table_name = 'marketplace_customers'");

    [Fact]
    public async Task Should_follow_inserts_updates_deletes_and_full_snapshots()
    {
        var loads = new List<(long Reported, object? Counted)>();
        async Task Load(IEnumerable<string?[]> rows, bool isFullSnapshot = false) =>
            loads.Add(((await _bed.LoadAsync("marketplace", "customers", rows, isFullSnapshot)).TrustedRowCount,
                await Counted()));

        await Load(Customers("I", 1, 0, 50));
        await Load(Customers("U", 2, 0, 10).Concat(Customers("I", 2, 50, 5)));
        await Load(Customers("D", 3, 0, 7).Concat(Customers("D", 3, 500, 2)).Concat(Customers("U", 1, 20, 3)));
        await Load(Customers("D", 3, 0, 7));
        await Load(Customers("I", 4, 40, 20), isFullSnapshot: true);
        await Load([]);

        loads.Select(l => l.Reported).Should().Equal(50, 55, 48, 48, 20, 20);
        loads.Should().OnlyContain(l => l.Counted is long && l.Reported == (long)l.Counted!,
            "the reported rows are trusted's count after each load");
        (await Kept()).Should().Be(20L);
    }

    [Fact]
    public async Task Should_count_a_table_loaded_before_the_count_was_kept_once()
    {
        await _bed.LoadAsync("marketplace", "customers", Customers("I", 1, 0, 30));
        await _bed.QueryAsync("DELETE FROM land.trusted_row_counts");

        var result = await _bed.LoadAsync("marketplace", "customers", Customers("I", 2, 30, 4));

        result.TrustedRowCount.Should().Be(34);
        (await Kept()).Should().Be(34L, "the count is kept from then on");
        (await _bed.LoadAsync("marketplace", "customers", Customers("D", 3, 0, 1))).TrustedRowCount.Should().Be(33);
    }

    [Fact]
    public async Task Should_restart_the_count_when_trusted_was_emptied()
    {
        await _bed.LoadAsync("marketplace", "customers", Customers("I", 1, 0, 30));
        await _bed.QueryAsync("TRUNCATE trusted.marketplace_customers");

        (await _bed.LoadAsync("marketplace", "customers", Customers("I", 2, 0, 3))).TrustedRowCount.Should().Be(3);
        (await Kept()).Should().Be(3L);
    }
}
