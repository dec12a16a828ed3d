using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Lake;
using EcommerceLake.Streams.Offsets;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

/// <summary>
/// A quiet table's offset moves with the database-wide current version, so retention cleanup driven by the other
/// tables' changes never makes it look expired (checked under <see cref="ExpiredOffsetPolicy.Fail"/>, which would
/// throw).
/// </summary>
public sealed class When_a_table_has_no_changes_while_others_change(PostgresDatabase fixture)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_move_its_offset_forward_and_never_look_expired_after_cleanup()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1, 2);
        await source.ExecAsync("CREATE TABLE marketplace.busy (id int PRIMARY KEY)");
        await ChangeTrackingInstaller.EnableAsync(
            source.ConnectionString, "marketplace", ["busy"], CancellationToken.None);
        using var lakeDirectory = new TempDirectory();
        var lake = new LocalLakeStore(lakeDirectory.Path);
        var connector = source.Connector(ExpiredOffsetPolicy.Fail);
        var first = await LandRun.ExtractAsync(connector, lake, TrackedSource.ItemsSpec, offset: null);
        var offset = first.Result.OffsetTo;

        for (var round = 1; round <= 3; round++)
        {
            await source.ExecAsync($"INSERT INTO marketplace.busy VALUES ({round})");
            await source.ExecAsync($"UPDATE marketplace.busy SET id = id + 100 WHERE id = {round}");
            var current = (await source.CurrentVersionAsync())!.Value;

            var run = await LandRun.ExtractAsync(connector, lake, TrackedSource.ItemsSpec, offset);
            await source.ScalarAsync($"SELECT change_tracking.cleanup({current})");

            run.Records.Should().BeEmpty();
            run.Result.IsFullSnapshot.Should().BeFalse();
            run.Result.OffsetTo.Should()
                .Be(ChangeTrackingOffset.Format(current), "the offset is the current version even with no changes");
            (await source.MinValidVersionAsync())
                .Should().Be(current, "cleanup moved the quiet table's min valid version too");
            (await source.MinValidVersionAsync()).Should().BeGreaterThan(ChangeTrackingOffset.Parse(offset)!.Value,
                "the offset before this run would now be expired");
            offset = run.Result.OffsetTo;
        }

        var last = await LandRun.ExtractAsync(connector, lake, TrackedSource.ItemsSpec, offset);
        last.Result.IsFullSnapshot.Should()
            .BeFalse("the moved offset equals the min valid version, which is still valid");
        last.Records.Should().BeEmpty();
    }
}
