using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_a_stream_has_nothing_new(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_commit_its_offset_without_processing_or_loading_an_empty_increment()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        await host.CompletedAsync(await host.RequestRunAsync("files"));
        host.Scenario.Empty["files.sellers"] = true;

        var runId = await host.RequestRunAsync("files");
        await host.CompletedAsync(runId);

        host.Log.All<ProcessStream>(m => m.RunId == runId).Select(m => m.Stream).Should()
            .NotContain("sellers").And.Contain("products", "a stream with new rows still flows through every step");
        host.Log.All<LoadStream>(m => m.RunId == runId).Select(m => m.Stream).Should().NotContain("sellers");
        host.Log.All<BuildMarts>(m => m.RunId == runId).Select(m => m.Chain).Should()
            .OnlyHaveUniqueItems().And.HaveCount(MartsInputs.Chains.Count);
        var run = await host.RunAsync(runId);
        var sellers = run.Streams.Single(s => s.Stream == "sellers");
        sellers.Should().Match<StreamRun>(s => s.Status == StreamRunStatus.Loaded && s.NothingToLoad
            && s.OffsetCommittedAt != null && s.ProcessStartedAt == null && s.LoadStartedAt == null);
        run.Streams.Where(s => s.Stream != "sellers").Should().OnlyContain(s => !s.NothingToLoad);
        var offsets = await host.Queries.ListOffsetsAsync(CancellationToken.None);
        offsets.Single(o => o.Source == "files" && o.Stream == "sellers").Offset.Should()
            .Be(FakeScenario.OffsetOf(runId), "the empty increment's offset is committed with its extract");
    }

    [Fact]
    public async Task Should_complete_a_run_in_which_no_stream_has_anything_new()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        await host.CompletedAsync(await host.RequestRunAsync("files"));
        foreach (var stream in new[] { "sellers", "products", "category_translation" })
            host.Scenario.Empty[$"files.{stream}"] = true;

        var runId = await host.RequestRunAsync("files");
        await host.CompletedAsync(runId);

        host.Log.All<ProcessStream>(m => m.RunId == runId).Should().BeEmpty();
        host.Log.All<BuildMarts>(m => m.RunId == runId).Select(m => m.Chain).Should()
            .OnlyHaveUniqueItems("the last extract settles the run").And.HaveCount(MartsInputs.Chains.Count);
        (await host.RunAsync(runId)).Streams.Should().OnlyContain(s => s.NothingToLoad && s.OffsetCommittedAt != null);
    }

    [Fact]
    public async Task Should_still_load_an_empty_full_snapshot_which_deletes_what_trusted_holds()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        host.Scenario.Empty["files.sellers"] = true;

        var runId = await host.RequestRunAsync("files");
        await host.CompletedAsync(runId);

        host.Log.All<LoadStream>(m => m.RunId == runId && m.Stream == "sellers").Should()
            .ContainSingle("a first read is a full snapshot: zero rows means the source table is empty");
        (await host.RunAsync(runId)).Streams.Single(s => s.Stream == "sellers").NothingToLoad.Should().BeFalse();
    }
}
