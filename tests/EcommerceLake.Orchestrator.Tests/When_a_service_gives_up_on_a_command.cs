using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_a_service_gives_up_on_a_command(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Theory]
    [InlineData("extract")]
    [InlineData("process")]
    [InlineData("load")]
    public async Task Should_fail_the_stream_as_transient_from_the_fault(string step)
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.Broken[$"files.sellers.{step}"] = true);
        var runId = await host.RequestRunAsync("files");
        var failed = await host.FailedAsync(runId);

        failed.Reason.Should().Contain($"files.sellers failed to {step} (Transient)")
            .And.Contain($"InvalidOperationException: fake {step} is broken");
        var run = await host.RunAsync(runId);
        run.Streams.Single(s => s.Stream == "sellers").FailureKind.Should().Be(FailureKind.Transient);
        run.Streams.Where(s => s.Stream != "sellers").Should().OnlyContain(s => s.Status == StreamRunStatus.Loaded);
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty();
    }
}
