using EcommerceLake.Contracts;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.Postgres;

/// <summary>A full marts build drops the indexes and keys of the tables it fills and builds them again
/// (Postgres/MartsIndexSql.cs).</summary>
public sealed class When_a_full_marts_build_sets_indexes_aside(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string Indexes =
        "SELECT t.relname, x.relname, x.oid::bigint, pg_get_indexdef(x.oid), " +
        "(SELECT pg_get_constraintdef(c.oid) FROM pg_constraint AS c WHERE c.conindid = x.oid) " +
        "FROM pg_index AS i JOIN pg_class AS t ON t.oid = i.indrelid JOIN pg_class AS x ON x.oid = i.indexrelid " +
        "WHERE t.relnamespace = 'marts'::regnamespace ORDER BY 1, 2";

    private WarehouseTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _bed = await WarehouseTestBed.CreateAsync(database);
        await _bed.LoadAsync("marketplace", "customers", [["I", "1", "c1", "u1", "01310", "sao paulo", "SP"]]);
        await _bed.LoadAsync("marketplace", "products",
            [["I", "1", "p1", "beleza_saude", null, null, null, null, null, null, null]]);
        await _bed.LoadAsync("marketplace", "orders",
            [["I", "1", "o1", "c1", "delivered", "2017-10-02 10:56:33", null, null, null, null]]);
        await _bed.LoadAsync("marketplace", "order_items",
        [
            ["I", "1", "o1", "1", "p1", "s1", null, "10.00", "1.50"],
            ["I", "1", "o1", "2", "p1", "s1", null, "20.00", "2.50"],
        ]);
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Should_build_every_index_and_key_again_as_it_was()
    {
        var before = await _bed.QueryAsync(Indexes);

        var runId = Guid.NewGuid();
        await _bed.Engine.BuildMartsAsync(runId, null, CancellationToken.None);

        (await _bed.QueryAsync($"SELECT DISTINCT mode FROM marts.builds WHERE run_id = '{runId}'"))
            .Should().ContainSingle().Which.Should().Equal("full");
        var after = await _bed.QueryAsync(Indexes);
        after.Select(r => new[] { r[0], r[1], r[3], r[4] }).Should().BeEquivalentTo(
            before.Select(r => new[] { r[0], r[1], r[3], r[4] }), o => o.WithStrictOrdering(),
            "each index comes back with its name and definition, and each key as a constraint");
        var rebuilt = MartsChainTables();
        after.Where(r => rebuilt.Contains((string)r[0]!)).Select(r => r[2]).Should()
            .NotIntersectWith(before.Select(r => r[2]), "the rebuilt tables' indexes were set aside and built again");
        before.Should().Contain(r => (string)r[1]! == "order_lines_order_id_idx" && r[4] == null)
            .And.Contain(r => (string)r[1]! == "customer_recommendations_pkey" && r[4] != null);
        (await _bed.ScalarAsync("SELECT count(*) FROM marts.order_lines")).Should().Be(1L);
    }

    [Fact]
    public async Task Should_keep_the_indexes_of_a_failed_build()
    {
        var before = await _bed.QueryAsync(Indexes);
        await _bed.QueryAsync("ALTER TABLE marts.order_lines ADD CONSTRAINT lake_test_no_lines CHECK (items < 0)");

        var act = () => _bed.Engine.BuildMartsAsync(Guid.NewGuid(), MartsChainName.Orders, CancellationToken.None);

        await act.Should().ThrowAsync<Npgsql.PostgresException>();
        await _bed.QueryAsync("ALTER TABLE marts.order_lines DROP CONSTRAINT lake_test_no_lines");
        (await _bed.QueryAsync(Indexes)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering(),
            "the drops roll back with the failed build's transaction");
    }

    private static HashSet<string> MartsChainTables() =>
        [.. EcommerceLake.Warehouse.Marts.MartsChain.All.SelectMany(c => c.Facts.Concat(c.Marts))];
}
