using EcommerceLake.Testing;
using FluentAssertions;
using Npgsql;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.Postgres;

public sealed class When_an_initial_load_meets_a_marts_build(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private WarehouseTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WarehouseTestBed.CreateAsync(database);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static string?[] Customer(string id) => ["I", "1", id, "u-" + id, "01310", "sao paulo", "SP"];

    [Fact]
    public async Task Should_wait_for_the_build_before_it_locks_trusted_to_rebuild_the_key()
    {
        // A chain's build holds its change tables (EXCLUSIVE) for its whole transaction and reads trusted. The initial
        // load takes its table's change table (ROW EXCLUSIVE) first, before it drops trusted's primary key, so it waits
        // there while holding no lock that stops the build's read. Taking it after would have the load wait for the
        // build while holding the ACCESS EXCLUSIVE lock of the key's rebuild, and the build's read wait for the load:
        // a deadlock.
        await using var build = new NpgsqlConnection(_bed.ConnectionString);
        await build.OpenAsync();
        await using var tx = await build.BeginTransactionAsync();
        await ScalarAsync(build, tx, "LOCK TABLE land.changes_marketplace_customers IN EXCLUSIVE MODE");

        var load = _bed.LoadAsync("marketplace", "customers", [Customer("c1"), Customer("c2")]);
        await WaitUntilWaitingForTheChangeTableAsync(load);
        var seen = await ScalarAsync(build, tx, "SELECT count(*) FROM trusted.marketplace_customers");
        await tx.CommitAsync();

        seen.Should().Be(0L, "the build reads trusted while the load waits, as it was before the load");
        (await load).Inserted.Should().Be(2);
        (await _bed.ScalarAsync("SELECT count(*) FROM trusted.marketplace_customers")).Should().Be(2L);
    }

    private async Task WaitUntilWaitingForTheChangeTableAsync(Task load)
    {
        const string waiting = "SELECT count(*) FROM pg_locks AS l JOIN pg_class AS c ON c.oid = l.relation " +
            "WHERE NOT l.granted AND c.relname = 'changes_marketplace_customers'";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((long)(await _bed.ScalarAsync(waiting))! == 0)
        {
            if (load.IsCompleted) await load;
            load.IsCompleted.Should().BeFalse("the load cannot finish while the build holds the change table");
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        return await command.ExecuteScalarAsync();
    }
}
