using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_a_run_cannot_start(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_fail_a_run_accepted_for_an_unknown_source_without_extracting_anything()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var runId = Guid.NewGuid();

        await host.Bus.Publish(new RunAccepted
        {
            RunId = runId,
            Sources = ["files", "erp"],
            Trigger = RunTrigger.Api,
            RequestedBy = "tests",
            ForceFull = false,
            AcceptedAt = DateTimeOffset.UtcNow,
        });
        var failed = await host.FailedAsync(runId);

        failed.Reason.Should().Contain("'erp'");
        var run = await host.RunAsync(runId);
        run.Run.State.Should().Be("Failed");
        run.Streams.Should().BeEmpty();
        run.Marts.Status.Should().Be(MartsStatus.Skipped);
        host.Log.All<ExtractStream>().Should().BeEmpty();
        host.Log.All<ProvisionCluster>().Should().BeEmpty("no cluster is asked for a run that cannot start");
        (await host.Log.WaitForOneAsync<DeleteCluster>(m => m.RunId == runId)).Outcome.Should().Be(RunOutcome.Failed);
    }
}
