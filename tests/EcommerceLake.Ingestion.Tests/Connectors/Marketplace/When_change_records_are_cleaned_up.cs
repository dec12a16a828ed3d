using EcommerceLake.Lake;
using EcommerceLake.Streams.Offsets;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

/// <summary>
/// Retention cleanup and TRUNCATE move the min valid version; an older offset then gets a full snapshot.
/// </summary>
public sealed class When_change_records_are_cleaned_up(PostgresDatabase fixture) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_move_the_min_valid_version_and_make_the_connector_take_a_full_snapshot()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1);
        using var lakeDirectory = new TempDirectory();
        var lake = new LocalLakeStore(lakeDirectory.Path);
        var connector = source.Connector();
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (2, 'two')");
        var synced = await LandRun.ExtractAsync(connector, lake, TrackedSource.ItemsSpec, offset: null);
        await source.ExecAsync("UPDATE marketplace.items SET name = 'changed' WHERE id = 1");
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (3, 'three')");
        var current = (await source.CurrentVersionAsync())!.Value;

        var deleted = await source.ScalarAsync($"SELECT change_tracking.cleanup({current - 1})");

        deleted.Should().Be(2, "the records of versions 1 and 2 go, the insert at the current version stays");
        (await source.MinValidVersionAsync()).Should().Be(current - 1);
        (await source.CurrentVersionAsync()).Should().Be(current);
        (await source.ChangesAsync(current - 1)).Keys.Should().Equal(3);

        var run = await LandRun.ExtractAsync(connector, lake, TrackedSource.ItemsSpec, synced.Result.OffsetTo);

        run.Result.IsFullSnapshot.Should().BeTrue();
        run.Manifest.IsFullSnapshot.Should().BeTrue();
        run.Result.OffsetTo.Should().Be(ChangeTrackingOffset.Format(current));
        run.Records.Should().HaveCount(3)
            .And.OnlyContain(r => r["_op"] == "I" && r["_change_version"] == current.ToString());
        run.ByKey()["1"]["name"].Should().Be("changed");
    }

    [Fact]
    public async Task Should_keep_the_current_version_when_everything_is_cleaned_up()
    {
        var source = await TrackedSource.CreateAsync(fixture);
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (1, 'one')");
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (2, 'two')");

        await source.ScalarAsync("SELECT change_tracking.cleanup(1000)");

        (await source.CurrentVersionAsync()).Should().Be(2);
        (await source.MinValidVersionAsync()).Should().Be(2, "the cutoff is capped at the current version");
        (await source.ChangesAsync(0)).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_clean_up_by_age()
    {
        var source = await TrackedSource.CreateAsync(fixture);
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (1, 'one')");
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (2, 'two')");

        (await source.ScalarAsync("SELECT change_tracking.cleanup_older_than('1 day')")).Should().Be(0);
        (await source.MinValidVersionAsync()).Should().Be(0);
        (await source.ScalarAsync("SELECT change_tracking.cleanup_older_than('0 seconds')")).Should().Be(2);
        (await source.MinValidVersionAsync()).Should().Be(2);
    }

    [Fact]
    public async Task Should_move_the_min_valid_version_when_the_table_is_truncated()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1);
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (2, 'two')");
        var beforeTruncate = (await source.CurrentVersionAsync())!.Value;

        await source.ExecAsync(
            "BEGIN; TRUNCATE marketplace.items; INSERT INTO marketplace.items VALUES (3, 'three'); COMMIT");

        var truncated = (await source.CurrentVersionAsync())!.Value;
        truncated.Should().Be(beforeTruncate + 1);
        (await source.MinValidVersionAsync()).Should().Be(truncated);
        (await source.ChangesAsync(0)).Should()
            .BeEquivalentTo(new Dictionary<int, (string, long)> { [3] = ("I", truncated) });
        using var lakeDirectory = new TempDirectory();
        var run = await LandRun.ExtractAsync(
            source.Connector(), new LocalLakeStore(lakeDirectory.Path), TrackedSource.ItemsSpec,
            ChangeTrackingOffset.Format(beforeTruncate));
        run.Result.IsFullSnapshot.Should().BeTrue();
        run.Records.Select(r => r["id"]).Should().Equal("3");
    }
}
