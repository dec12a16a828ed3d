using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Lake;
using EcommerceLake.Streams.Offsets;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

/// <summary><c>Sources:Marketplace:ExpiredOffsetPolicy</c> decides between a full reload and a clear failure.</summary>
public sealed class When_an_offset_has_expired(PostgresDatabase fixture) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public void Should_fail_naming_the_table_and_both_versions_under_the_fail_policy()
    {
        var act = () => SyncPlanner.Decide(4, 9, 12, forceFull: false, ExpiredOffsetPolicy.Fail, "dbo.orders");

        act.Should().Throw<ChangeTrackingOffsetExpiredException>()
            .WithMessage("*dbo.orders*4*9*")
            .Which.Should().BeEquivalentTo(new { Table = "dbo.orders", SavedVersion = 4L, MinValidVersion = 9L });
    }

    [Theory]
    [InlineData(ExpiredOffsetPolicy.Fail)]
    [InlineData(ExpiredOffsetPolicy.FullReload)]
    public void Should_not_apply_the_policy_to_a_valid_offset_or_a_forced_run(ExpiredOffsetPolicy policy)
    {
        SyncPlanner.Decide(9, 9, 12, false, policy).Mode.Should().Be(SyncMode.Incremental);
        SyncPlanner.Decide(4, 9, 12, true, policy).Mode.Should().Be(SyncMode.FullSnapshot);
        SyncPlanner.Decide(null, 9, 12, false, policy).Mode.Should().Be(SyncMode.FullSnapshot);
    }

    [Fact]
    public void Should_reload_in_full_by_default()
    {
        SyncPlanner.Decide(4, 9, 12, false).Mode.Should().Be(SyncMode.FullSnapshot);
        new MarketplaceOptions().ExpiredOffsetPolicy.Should().Be(ExpiredOffsetPolicy.FullReload);
        new MarketplaceOptions().Dialect.Should().Be(SourceDialect.PostgreSql);
    }

    [Fact]
    public async Task Should_make_the_connector_fail_and_land_nothing_under_the_fail_policy()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1);
        using var lakeDirectory = new TempDirectory();
        var lake = new LocalLakeStore(lakeDirectory.Path);
        var synced = await LandRun.ExtractAsync(source.Connector(), lake, TrackedSource.ItemsSpec, offset: null);
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (2, 'two')");
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (3, 'three')");
        var current = (await source.CurrentVersionAsync())!.Value;
        await source.ScalarAsync($"SELECT change_tracking.cleanup({current})");

        var act = () => LandRun.ExtractAsync(
            source.Connector(ExpiredOffsetPolicy.Fail), lake, TrackedSource.ItemsSpec, synced.Result.OffsetTo);

        var saved = ChangeTrackingOffset.Parse(synced.Result.OffsetTo)!.Value;
        (await act.Should().ThrowAsync<ChangeTrackingOffsetExpiredException>())
            .WithMessage($"*marketplace.items*{saved}*{current}*");
        var reloaded = await LandRun.ExtractAsync(
            source.Connector(ExpiredOffsetPolicy.FullReload), lake, TrackedSource.ItemsSpec, synced.Result.OffsetTo);
        reloaded.Result.IsFullSnapshot.Should().BeTrue();
        reloaded.Records.Should().HaveCount(3);
    }
}
