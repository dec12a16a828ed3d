using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_a_stream_is_loading(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_not_commit_its_offset_before_StreamLoaded()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.LoadGates["files.sellers"] = gate);
        var runId = await host.RequestRunAsync("files");
        await host.Log.WaitForOneAsync<LoadStream>(m => m.RunId == runId && m.Stream == "sellers");
        // The other two streams finish their load; the run then waits for files.sellers.
        await host.SagaConsumedAsync<StreamLoaded>(l => l.RunId == runId, count: 2);

        var loading = await host.RunAsync(runId);
        loading.Run.State.Should().Be("Running");
        var sellers = loading.Streams.Single(s => s.Stream == "sellers");
        sellers.Status.Should().Be(StreamRunStatus.Loading);
        sellers.OffsetTo.Should().Be(FakeScenario.OffsetOf(runId), "the extraction reported it");
        sellers.OffsetCommittedAt.Should().BeNull();
        var offsets = await host.Queries.ListOffsetsAsync(CancellationToken.None);
        offsets.Select(o => o.Stream).Should().BeEquivalentTo(["products", "category_translation"]);
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should()
            .ContainSingle(l => l.Source == "files" && l.RunId == runId);

        gate.SetResult();
        await host.CompletedAsync(runId);

        (await host.Queries.ListOffsetsAsync(CancellationToken.None)).Should()
            .Contain(o => o.Stream == "sellers" && o.RunId == runId);
    }

    [Fact]
    public async Task Should_build_the_marts_of_the_chains_it_does_not_feed_meanwhile()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.LoadGates["reviews.order_reviews"] = gate);
        var runId = await host.RequestRunAsync("files", "reviews");

        await host.SagaConsumedAsync<MartsBuilt>(m => m.Chain == MartsChainName.Orders && m.RunId == runId);
        // The order chain can be built while the reviews are still processed: wait until their load is sent (the
        // outbox publishes it after the commit that marks the stream Loading), which the gate then holds.
        await host.Log.WaitForOneAsync<LoadStream>(m => m.RunId == runId && m.Stream == "order_reviews");
        var loading = await host.RunAsync(runId);
        loading.Run.State.Should().Be("Running");
        loading.Streams.Single(s => s.Stream == "order_reviews").Status.Should().Be(StreamRunStatus.Loading);
        loading.Marts.Find(MartsChainName.Orders)!.Status.Should().Be(MartsStatus.Built,
            "files.category_translation, the order chain's only stream in the run, is loaded");
        loading.Marts.Find(MartsChainName.Reviews)!.Status.Should().Be(MartsStatus.Pending);
        host.Log.All<BuildMarts>(m => m.RunId == runId).Select(m => m.Chain).Should().Equal(MartsChainName.Orders);

        gate.SetResult();
        await host.CompletedAsync(runId);
        var run = await host.RunAsync(runId);
        run.Marts.Chains.Should().OnlyContain(c => c.Status == MartsStatus.Built);
        run.Marts.Find(MartsChainName.Orders)!.FinishedAt.Should()
            .BeBefore(run.Streams.Single(s => s.Stream == "order_reviews").LoadFinishedAt!.Value);
    }
}
