using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_a_stream_fails(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Theory]
    [InlineData("extract")]
    [InlineData("process")]
    [InlineData("load")]
    public async Task Should_keep_its_offset_while_the_other_streams_advance_and_fail_the_run(string step)
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var first = await host.RequestRunAsync("files");
        await host.CompletedAsync(first);

        host.Scenario.Failures["files.products"] = step;
        var second = await host.RequestRunAsync("files");
        var failed = await host.FailedAsync(second);

        failed.Reason.Should().Contain("files.products").And.Contain($"fake {step}");
        var run = await host.RunAsync(second);
        run.Run.State.Should().Be("Failed");
        run.Run.Error.Should().Be(failed.Reason);
        var products = run.Streams.Single(s => s.Stream == "products");
        products.Status.Should().Be(StreamRunStatus.Failed);
        products.FailedStep.Should().Be(step);
        products.OffsetCommittedAt.Should().BeNull();
        run.Streams.Where(s => s.Stream != "products").Should().HaveCount(2)
            .And.OnlyContain(s => s.Status == StreamRunStatus.Loaded);
        run.Marts.Status.Should().Be(MartsStatus.Skipped, "marts are not rebuilt from a partly loaded run");
        run.Marts.Find(MartsChainName.Reviews)!.Status.Should().Be(MartsStatus.Skipped,
            "no stream of the run feeds the review chain, so it waits for them all, and one failed");
        run.Marts.Find(MartsChainName.Orders)!.Status.Should().Be(MartsStatus.Built,
            "the stream that feeds the order chain (category_translation) loaded");
        host.Log.All<BuildMarts>(m => m.RunId == second).Select(m => m.Chain).Should()
            .Equal([MartsChainName.Orders], "only the chain whose streams all loaded is built");

        var offsets = (await host.Queries.ListOffsetsAsync(CancellationToken.None)).ToDictionary(o => o.Stream);
        offsets["products"].Offset.Should().Be(FakeScenario.OffsetOf(first), "a failed stream's offset is untouched");
        offsets["products"].RunId.Should().Be(first);
        offsets["sellers"].Offset.Should().Be(FakeScenario.OffsetOf(second));
        offsets["category_translation"].Offset.Should().Be(FakeScenario.OffsetOf(second));
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty();
        host.Log.All<ProvisionCluster>(m => m.RunId == second).Should().ContainSingle();
        (await host.Log.WaitForOneAsync<DeleteCluster>(m => m.RunId == second)).Outcome.Should()
            .Be(RunOutcome.Failed, "the cluster is deleted in every outcome");
    }

    [Fact]
    public async Task Should_extract_it_again_from_the_old_offset_in_the_next_run()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var first = await host.RequestRunAsync("files");
        await host.CompletedAsync(first);
        host.Scenario.Failures["files.sellers"] = "load";
        var second = await host.RequestRunAsync("files");
        await host.FailedAsync(second);

        host.Scenario.Failures.Clear();
        var third = await host.RequestRunAsync("files");
        await host.CompletedAsync(third);

        var extracts = host.Log.All<ExtractStream>(m => m.RunId == third).ToDictionary(m => m.Stream);
        extracts["sellers"].Offset.Should().Be(FakeScenario.OffsetOf(first));
        extracts["products"].Offset.Should().Be(FakeScenario.OffsetOf(second));
    }

    [Fact]
    public async Task Should_fail_the_run_when_the_marts_fail_after_every_offset_is_committed()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output, s => s.FailMarts = true);
        var runId = await host.RequestRunAsync("reviews");

        var failed = await host.FailedAsync(runId);

        failed.Reason.Should().Contain("fake marts error");
        var run = await host.RunAsync(runId);
        run.Run.State.Should().Be("Failed");
        run.Marts.Status.Should().Be(MartsStatus.Failed);
        run.Streams.Should().ContainSingle().Which.Status.Should().Be(StreamRunStatus.Loaded);
        (await host.Queries.ListOffsetsAsync(CancellationToken.None)).Should().ContainSingle()
            .Which.RunId.Should().Be(runId);
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty();
        (await host.Log.WaitForOneAsync<DeleteCluster>(m => m.RunId == runId)).Outcome.Should().Be(RunOutcome.Failed);
    }
}
