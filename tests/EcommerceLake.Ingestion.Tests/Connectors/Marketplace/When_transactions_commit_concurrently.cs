using EcommerceLake.Lake;
using EcommerceLake.Streams.Offsets;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

/// <summary>Versions follow commit order, so a reader never skips a change that commits after its snapshot.</summary>
public sealed class When_transactions_commit_concurrently(PostgresDatabase fixture) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_give_the_first_to_commit_the_smaller_version()
    {
        var source = await TrackedSource.CreateAsync(fixture);
        var (first, firstTx) = await source.BeginAsync();
        var (second, secondTx) = await source.BeginAsync();
        await using var _1 = first;
        await using var _2 = second;

        await TrackedSource.ExecAsync(first, firstTx, "INSERT INTO marketplace.items VALUES (1, 'started first')");
        await TrackedSource.ExecAsync(second, secondTx, "INSERT INTO marketplace.items VALUES (2, 'started second')");
        await secondTx.CommitAsync();
        await firstTx.CommitAsync();

        var changes = await source.ChangesAsync(0);
        changes[2].Version.Should().BeLessThan(changes[1].Version);
        (await source.CurrentVersionAsync()).Should().Be(changes[1].Version);
    }

    [Fact]
    public async Task Should_order_a_commit_that_waits_for_the_version_lock_after_the_holder()
    {
        var source = await TrackedSource.CreateAsync(fixture);
        var (holder, holderTx) = await source.BeginAsync();
        var (waiter, waiterTx) = await source.BeginAsync();
        await using var _1 = holder;
        await using var _2 = waiter;

        // SET CONSTRAINTS ALL IMMEDIATE fires the commit-time trigger now: the holder takes its version and keeps the
        // lock.
        await TrackedSource.ExecAsync(holder, holderTx,
            "INSERT INTO marketplace.items VALUES (1, 'holder'); SET CONSTRAINTS ALL IMMEDIATE");
        await TrackedSource.ExecAsync(waiter, waiterTx, "INSERT INTO marketplace.items VALUES (2, 'waiter')");
        var waiterCommit = waiterTx.CommitAsync();

        (await source.CurrentVersionAsync()).Should().Be(0, "neither writer has finished committing");
        waiterCommit.IsCompleted.Should().BeFalse("the waiter cannot take a version while the holder keeps the lock");

        await holderTx.CommitAsync();
        await waiterCommit;

        var changes = await source.ChangesAsync(0);
        changes[1].Version.Should().BeLessThan(changes[2].Version);
    }

    [Fact]
    public async Task Should_let_a_reader_pick_up_a_change_committed_after_its_snapshot()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1);
        using var lakeDirectory = new TempDirectory();
        var lake = new LocalLakeStore(lakeDirectory.Path);
        var connector = source.Connector();
        var initial = await LandRun.ExtractAsync(connector, lake, TrackedSource.ItemsSpec, offset: null);

        var (slow, slowTx) = await source.BeginAsync();
        await using var _ = slow;
        await TrackedSource.ExecAsync(slow, slowTx, "INSERT INTO marketplace.items VALUES (10, 'slow writer')");
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (11, 'fast writer')");

        var beforeSlowCommit = await LandRun.ExtractAsync(
            connector, lake, TrackedSource.ItemsSpec, initial.Result.OffsetTo);
        await slowTx.CommitAsync();
        var afterSlowCommit = await LandRun.ExtractAsync(
            connector, lake, TrackedSource.ItemsSpec, beforeSlowCommit.Result.OffsetTo);

        beforeSlowCommit.Records.Select(r => r["id"]).Should().Equal("11");
        afterSlowCommit.Records.Select(r => r["id"]).Should().Equal("10");
        var reported = ChangeTrackingOffset.Parse(beforeSlowCommit.Result.OffsetTo)!.Value;
        long.Parse(afterSlowCommit.Records[0]["_change_version"]!).Should().BeGreaterThan(reported);
        afterSlowCommit.Records[0]["_op"].Should().Be("I");
    }
}
