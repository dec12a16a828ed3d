using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_a_run_succeeds(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_complete_with_every_stream_loaded_and_every_offset_committed()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var sources = StreamCatalog.Default.Sources.ToArray();
        var streamCount = StreamCatalog.Default.All.Count;

        var runId = await host.RequestRunAsync(sources);
        var completed = await host.CompletedAsync(runId);

        completed.Sources.Should().BeEquivalentTo(sources);
        var run = await host.RunAsync(runId);
        run.Run.State.Should().Be("Completed");
        run.Run.CompletedAt.Should().NotBeNull();
        run.Run.StreamsLoaded.Should().Be(streamCount);
        run.Streams.Should().HaveCount(streamCount).And.OnlyContain(s =>
            s.Status == StreamRunStatus.Loaded && s.OffsetFrom == null && s.OffsetTo == FakeScenario.OffsetOf(runId)
            && s.LandRows == 10 && s.Quarantined == 1 && s.RawRows == 9 && s.Rejected == 1 && s.TrustedRows == 100
            && s.Inserted == 7 && s.Updated == 2 && s.OffsetCommittedAt != null
            && s.ExtractStartedAt <= s.ExtractFinishedAt && s.ExtractFinishedAt <= s.ProcessStartedAt
            && s.ProcessFinishedAt <= s.LoadStartedAt && s.LoadStartedAt <= s.LoadFinishedAt);
        run.Marts.Status.Should().Be(MartsStatus.Built);
        run.Marts.Tables.Should().BeEquivalentTo([new MartRowCount { Table = "daily_sales", Rows = 3 },
            new MartRowCount { Table = "review_word_counts", Rows = 2 }]);

        var offsets = await host.Queries.ListOffsetsAsync(CancellationToken.None);
        offsets.Should().HaveCount(streamCount)
            .And.OnlyContain(o => o.RunId == runId && o.Offset == FakeScenario.OffsetOf(runId));
        offsets.Select(o => $"{o.Source}.{o.Stream}").Should()
            .BeEquivalentTo(StreamCatalog.Default.All.Select(s => s.Key));
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty("the run released its sources");
        run.Marts.Chains.Should().OnlyContain(c => c.Status == MartsStatus.Built && c.Attempt == 1);
        host.Log.All<BuildMarts>(m => m.RunId == runId).Select(m => m.Chain).Should()
            .BeEquivalentTo(MartsInputs.Chains.Cast<MartsChainName?>(), "each chain is built once");
        host.Log.All<ProvisionCluster>(m => m.RunId == runId).Should()
            .ContainSingle("the cluster is asked for once, when the run starts");
        (await host.Log.WaitForOneAsync<DeleteCluster>(m => m.RunId == runId)).Outcome.Should()
            .Be(RunOutcome.Completed);
    }

    [Fact]
    public async Task Should_start_the_next_run_from_the_committed_offsets()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var first = await host.RequestRunAsync("files");
        await host.CompletedAsync(first);

        var second = await host.RequestRunAsync("files", "reviews");
        await host.CompletedAsync(second);

        var extracts = host.Log.All<ExtractStream>(m => m.RunId == second);
        extracts.Should().HaveCount(4);
        extracts.Where(m => m.Source == "files").Should().HaveCount(3)
            .And.OnlyContain(m => m.Offset == FakeScenario.OffsetOf(first));
        extracts.Single(m => m.Source == "reviews").Offset.Should().BeNull();
        var offsets = await host.Queries.ListOffsetsAsync(CancellationToken.None);
        offsets.Should().HaveCount(4).And.OnlyContain(o => o.RunId == second);
        var run = await host.RunAsync(second);
        run.Streams.Where(s => s.Source == "files").Should()
            .OnlyContain(s => s.OffsetFrom == FakeScenario.OffsetOf(first));
    }
}
