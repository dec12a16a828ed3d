using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Lake;
using EcommerceLake.Streams.Offsets;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

public sealed class When_nothing_changed(PostgresDatabase fixture) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_report_zero_before_anything_was_tracked()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1, 2);

        (await source.CurrentVersionAsync()).Should().Be(0);
        (await source.MinValidVersionAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Should_return_the_current_version_as_the_offset_with_no_rows()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1);
        await source.ExecAsync("CREATE TABLE marketplace.other (id int PRIMARY KEY)");
        await ChangeTrackingInstaller.EnableAsync(
            source.ConnectionString, "marketplace", ["other"], CancellationToken.None);
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (2, 'two')");
        await source.ExecAsync("INSERT INTO marketplace.other VALUES (1)");
        using var lakeDirectory = new TempDirectory();
        var lake = new LocalLakeStore(lakeDirectory.Path);
        var connector = source.Connector();
        var caughtUp = await LandRun.ExtractAsync(
            connector, lake, TrackedSource.ItemsSpec, ChangeTrackingOffset.Format(1));

        var run = await LandRun.ExtractAsync(connector, lake, TrackedSource.ItemsSpec, caughtUp.Result.OffsetTo);

        caughtUp.Result.OffsetTo.Should()
            .Be("""{"changeVersion":2}""", "the current version is database-wide, like SQL Server's");
        run.Records.Should().BeEmpty();
        run.Manifest.RowCount.Should().Be(0);
        run.Result.Should().Match<ExtractionResult>(r =>
            r.OffsetTo == """{"changeVersion":2}""" && !r.IsFullSnapshot);
    }
}
