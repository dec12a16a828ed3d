using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
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

    [Fact]
    public async Task Should_raise_a_dead_letter_alert_naming_the_message_its_run_and_the_error_queue()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.Broken["files.sellers.load"] = true);
        var runId = await host.RequestRunAsync("files");
        await host.FailedAsync(runId);

        var alert = await host.Log.WaitForOneAsync<AlertRaised>(a => a.Kind == AlertKind.DeadLetter);
        alert.Should().Match<AlertRaised>(a => a.Severity == AlertSeverity.Error && a.RunId == runId
            && a.Source == "files" && a.Stream == "sellers");
        alert.Message.Should().StartWith($"LoadStream of run {runId} was given up on by ")
            .And.Contain("after its retries and moved to ").And.Contain("_error (message id ")
            .And.EndWith("System.InvalidOperationException: fake load is broken");
        await host.EndpointConsumedAsync<MessageDeadLettered>("dead-letter-alert", d => d.RunId == runId);
        var recorded = await host.Queries.ListAlertsAsync(10, runId, CancellationToken.None);
        recorded.Where(a => a.Kind == AlertKind.DeadLetter).Should().ContainSingle(
            "one per dead-lettered message, however often the notice arrives");
    }

    [Fact]
    public async Task Should_say_so_when_the_broker_dead_lettered_the_message()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var exception = new BrokerDeadLetteredException("lake-extract-stream", "10");

        await host.Bus.Publish(new MessageDeadLettered
        {
            Endpoint = "extract-stream",
            MessageId = Guid.NewGuid(),
            MessageTypes = ["ExtractStream"],
            ExceptionType = typeof(BrokerDeadLetteredException).FullName!,
            ExceptionMessage = exception.Message,
            Host = "ingestion-1",
            DeadLetteredAt = DateTimeOffset.UtcNow,
        });

        var alert = await host.Log.WaitForOneAsync<AlertRaised>(a => a.Kind == AlertKind.DeadLetter);
        alert.Message.Should().StartWith("ExtractStream was given up on by extract-stream on ingestion-1 after the "
            + "broker dead-lettered it and moved to extract-stream_error").And
            .Contain("from lake-extract-stream after 10 delivery attempts");
    }
}
