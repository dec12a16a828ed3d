using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Deadlines;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Deadlines;

public class When_a_step_goes_unanswered(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    private static Dictionary<string, string?> Deadlines(int attempts) => new()
    {
        ["Orchestrator:Deadlines:Step"] = Step.ToString(),
        ["Orchestrator:Deadlines:Attempts"] = attempts.ToString(),
        ["Orchestrator:Deadlines:SweepInterval"] = "00:00:05",
    };

    [Fact]
    public async Task Should_send_it_again_then_fail_the_stream_as_timed_out_and_end_the_run()
    {
        var clock = new ManualTimeProvider();
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.Unanswered["files.products.process"] = int.MaxValue, Deadlines(attempts: 2),
            s => s.AddSingleton<TimeProvider>(clock));
        var sweeper = host.Services.GetRequiredService<DeadlineSweeper>();
        var runId = await host.RequestRunAsync("files");
        await host.Log.WaitForOneAsync<ProcessStream>(m => m.RunId == runId && m.Stream == "products");
        await WaitUntilAsync(host, runId, run => run.Streams.Count(s => s.Status == StreamRunStatus.Loaded) == 2);

        (await sweeper.CheckOnceAsync(CancellationToken.None)).Should().Be(0, "no deadline has passed yet");
        clock.Advance(Step);
        await host.Log.WaitForAsync<ProcessStream>(m => m.RunId == runId && m.Stream == "products", count: 2);
        clock.Advance(Step);
        var failed = await host.FailedAsync(runId);

        failed.Reason.Should().Contain("files.products failed to process (TimedOut)").And.Contain("2 time(s)");
        var run = await host.RunAsync(runId);
        var products = run.Streams.Single(s => s.Stream == "products");
        products.FailureKind.Should().Be(FailureKind.TimedOut);
        products.OffsetCommittedAt.Should().BeNull("a stream that timed out keeps its offset");
        host.Log.All<ProcessStream>(m => m.RunId == runId && m.Stream == "products").Should().HaveCount(2,
            "the command is sent Attempts times in all, however many sweeps see the deadline");
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty();
        (await host.Log.WaitForOneAsync<DeleteCluster>(m => m.RunId == runId)).Outcome.Should().Be(RunOutcome.Failed);
    }

    [Fact]
    public async Task Should_not_be_sent_again_while_it_reports_progress()
    {
        var clock = new ManualTimeProvider();
        // Only this test's own sweeps may act: a hosted sweep fired by the clock's advance could resend the command
        // first, and the test's sweep would then find nothing due.
        var settings = Deadlines(attempts: 2);
        settings["Orchestrator:Deadlines:SweepInterval"] = "01:00:00";
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.Unanswered["files.products.process"] = int.MaxValue, settings,
            s => s.AddSingleton<TimeProvider>(clock));
        var sweeper = host.Services.GetRequiredService<DeadlineSweeper>();
        var runId = await host.RequestRunAsync("files");
        await host.Log.WaitForOneAsync<ProcessStream>(m => m.RunId == runId && m.Stream == "products");
        // Only products may have a deadline: the other streams must be loaded before the clock moves.
        await WaitUntilAsync(host, runId, run => run.Streams.Count(s => s.Status == StreamRunStatus.Loaded) == 2);

        clock.Advance(Step * 0.75);
        await host.PublishToSagaAndWaitAsync(new StepProgressed
        {
            RunId = runId,
            Source = "files",
            Stream = "products",
            Step = "ProcessStream",
            ElapsedSeconds = 45,
        });
        await host.PublishToSagaAndWaitAsync(new StepProgressed
        {
            RunId = runId,
            Source = "files",
            Stream = "products",
            Step = "LoadStream",
            ElapsedSeconds = 45,
        });
        clock.Advance(Step * 0.5);
        var dueWhileAlive = await sweeper.CheckOnceAsync(CancellationToken.None);
        clock.Advance(Step * 0.5);
        var dueOnceSilent = await sweeper.CheckOnceAsync(CancellationToken.None);
        await host.Log.WaitForAsync<ProcessStream>(m => m.RunId == runId && m.Stream == "products", count: 2);

        dueWhileAlive.Should().Be(0, "progress moved the deadline; progress for another step does not count");
        dueOnceSilent.Should().Be(1, "a full step deadline has passed since the last progress");
    }

    [Fact]
    public async Task Should_fail_every_unfinished_stream_when_the_run_passes_its_deadline()
    {
        var clock = new ManualTimeProvider();
        var settings = Deadlines(attempts: 100);
        settings["Orchestrator:Deadlines:Run"] = "00:10:00";
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.HoldLoads = true, settings, s => s.AddSingleton<TimeProvider>(clock));
        var sweeper = host.Services.GetRequiredService<DeadlineSweeper>();
        var runId = await host.RequestRunAsync("reviews");
        await host.Log.WaitForOneAsync<LoadStream>(m => m.RunId == runId);

        clock.Advance(TimeSpan.FromMinutes(11));
        await sweeper.CheckOnceAsync(CancellationToken.None);
        var failed = await host.FailedAsync(runId);

        failed.Reason.Should().Contain("(TimedOut)").And.Contain("the run passed its deadline of 00:10:00");
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty();
    }

    private static async Task WaitUntilAsync(OrchestratorTestHost host, Guid runId,
        Func<Runs.RunDetails, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await host.Queries.GetRunAsync(runId, timeout.Token) is not { } run || !condition(run))
            await Task.Delay(20, timeout.Token);
    }
}
