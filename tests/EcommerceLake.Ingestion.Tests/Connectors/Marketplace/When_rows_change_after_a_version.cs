using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

/// <summary>
/// change_tracking.changes reports one row per key with the net operation, like CHANGETABLE(CHANGES …).
/// </summary>
public sealed class When_rows_change_after_a_version(PostgresDatabase fixture) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_report_the_net_operation_and_latest_version_of_each_key()
    {
        var source = await TrackedSource.CreateAsync(fixture, 2, 3, 5);
        var baseline = (await source.CurrentVersionAsync())!.Value;

        await source.ExecAsync("INSERT INTO marketplace.items VALUES (1, 'new')");
        var inserted = (await source.CurrentVersionAsync())!.Value;
        await source.ExecAsync("UPDATE marketplace.items SET name = 'renamed' WHERE id = 1");
        var updated = (await source.CurrentVersionAsync())!.Value;
        await source.ExecAsync("UPDATE marketplace.items SET name = 'changed' WHERE id = 2");
        await source.ExecAsync("UPDATE marketplace.items SET name = 'changed' WHERE id = 3");
        await source.ExecAsync("DELETE FROM marketplace.items WHERE id = 3");
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (4, 'short-lived')");
        await source.ExecAsync("DELETE FROM marketplace.items WHERE id = 4");
        await source.ExecAsync("UPDATE marketplace.items SET id = 6 WHERE id = 5");
        var last = (await source.CurrentVersionAsync())!.Value;

        var changes = await source.ChangesAsync(baseline);

        changes.Should().BeEquivalentTo(new Dictionary<int, (string, long)>
        {
            [1] = ("I", updated),     // insert + update → I, at the update's version
            [2] = ("U", changes[2].Version),
            [3] = ("D", changes[3].Version),   // update + delete → D
            [4] = ("D", changes[4].Version),   // insert + delete → D
            [5] = ("D", last),        // a primary-key update deletes the old key…
            [6] = ("I", last),        // …and inserts the new one
        });
        updated.Should().BeGreaterThan(inserted);
        changes[3].Version.Should().BeGreaterThan(changes[2].Version);
        changes[4].Version.Should().BeGreaterThan(changes[3].Version);
        last.Should().BeGreaterThan(changes[4].Version);
    }

    [Fact]
    public async Task Should_report_an_update_when_the_insert_happened_before_the_version()
    {
        var source = await TrackedSource.CreateAsync(fixture);
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (1, 'new')");
        var inserted = (await source.CurrentVersionAsync())!.Value;
        await source.ExecAsync("UPDATE marketplace.items SET name = 'renamed' WHERE id = 1");

        (await source.ChangesAsync(inserted))[1].Operation.Should().Be("U");
        (await source.ChangesAsync(0))[1].Operation.Should().Be("I");
        (await source.ChangesAsync(await source.CurrentVersionAsync() ?? 0)).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_give_every_change_of_one_transaction_one_version()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1);
        var before = (await source.CurrentVersionAsync())!.Value;

        await source.ExecAsync("""
            BEGIN;
            INSERT INTO marketplace.items VALUES (7, 'a');
            INSERT INTO marketplace.items VALUES (8, 'b');
            UPDATE marketplace.items SET name = 'c' WHERE id IN (1, 7);
            COMMIT;
            """);

        var after = (await source.CurrentVersionAsync())!.Value;
        after.Should().Be(before + 1);
        var changes = await source.ChangesAsync(before);
        changes.Values.Select(c => c.Version).Should().AllBeEquivalentTo(after);
        changes.Should().HaveCount(3);
        changes[1].Operation.Should().Be("U");
        changes[7].Operation.Should().Be("I");
        (await source.ScalarAsync("SELECT count(*) FROM change_tracking.transactions")).Should().Be(1);
    }

    [Fact]
    public async Task Should_not_version_a_statement_that_changed_nothing()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1);

        await source.ExecAsync(
            "UPDATE marketplace.items SET name = 'x' WHERE id = 42; DELETE FROM marketplace.items WHERE id = 42");

        (await source.CurrentVersionAsync()).Should().Be(0);
        (await source.ScalarAsync("SELECT count(*) FROM change_tracking.transactions")).Should().Be(0);
    }

    [Fact]
    public async Task Should_report_each_key_once_when_a_statement_shifts_keys_onto_each_other()
    {
        var source = await TrackedSource.CreateAsync(fixture);
        await source.ExecAsync("""
            ALTER TABLE marketplace.items DROP CONSTRAINT items_pkey;
            ALTER TABLE marketplace.items ADD PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED;
            INSERT INTO marketplace.items VALUES (1, 'one'), (2, 'two');
            """);
        var before = (await source.CurrentVersionAsync())!.Value;

        await source.ExecAsync("UPDATE marketplace.items SET id = id + 1");

        var changes = await source.ChangesAsync(before);
        changes.ToDictionary(c => c.Key, c => c.Value.Operation).Should().BeEquivalentTo(new Dictionary<int, string>
        {
            [1] = "D",
            [2] = "U",
            [3] = "I",
        });
    }
}
