using System.Diagnostics;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests.Faults;

/// <summary>
/// Fault injection on the several-processes shape: the four service hosts as OS processes on each bus — the real
/// RabbitMQ broker (a fresh virtual host per case) and Pub/Sub's contract fake (a fresh prefix per case) — and
/// PostgreSQL (fresh warehouse and orchestrator databases per case), a run of the files source over the real Olist
/// CSVs, and one fault per case — a service killed at its step, every message delivered twice, the broker's connections
/// dropped, the warehouse's database sessions killed, a service that never comes back, the orchestrator killed as a run
/// starts. After each, the run ends as expected within its budget, the leases are released, each loaded stream's offset
/// is committed once, and trusted equals the source without duplicate keys. Each case's outcome and timings go to the
/// suite's table (<see cref="FaultSuiteReport"/>).
/// </summary>
public sealed class When_faults_hit_a_run : IClassFixture<FaultSuiteReport>
{
    /// <summary>Short orchestrator deadlines: a lost command is sent again, a dead service fails the run.</summary>
    private static readonly Dictionary<string, string?> ShortDeadlines = new()
    {
        ["Orchestrator:Deadlines:Step"] = "00:00:05",
        ["Orchestrator:Deadlines:Attempts"] = "2",
        ["Orchestrator:Deadlines:SweepInterval"] = "00:00:01",
        ["Orchestrator:Deadlines:Run"] = "00:02:00",
    };

    /// <summary>From the run's request to its end, whatever the fault.</summary>
    private static readonly TimeSpan RunBudget = TimeSpan.FromSeconds(90);

    private readonly FaultSuiteReport _report;

    public When_faults_hit_a_run(FaultSuiteReport report) => _report = report;

    public static TheoryTransports Transports => TestBuses.All;

    [Theory]
    [InlineData("RabbitMq", "Ingestion", FaultStep.Extracting)]
    [InlineData("RabbitMq", "Processing", FaultStep.Processing)]
    [InlineData("RabbitMq", "Warehouse", FaultStep.Loading)]
    [InlineData("RabbitMq", "Warehouse", FaultStep.BuildingMarts)]
    [InlineData("PubSub", "Ingestion", FaultStep.Extracting)]
    [InlineData("PubSub", "Processing", FaultStep.Processing)]
    [InlineData("PubSub", "Warehouse", FaultStep.Loading)]
    [InlineData("PubSub", "Warehouse", FaultStep.BuildingMarts)]
    public Task Should_complete_when_a_service_is_killed_at_its_step_and_restarted(string transport, string service,
        FaultStep step) =>
        RunCaseAsync(transport, $"SIGKILL {service.ToLowerInvariant()} at {step}, restart", "Completed",
            async (lake, run) =>
            {
                var seen = await lake.WaitForStepAsync(run.Id, step, run.Remaining);
                await lake.KillAsync(service);
                run.Fault(seen ? $"killed at {step}" : $"run already past {step} when seen; killed then");
                await lake.StartServiceAsync(service);
            });

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Should_complete_once_when_every_message_is_delivered_twice(string transport) =>
        RunCaseAsync(transport, "every step message delivered twice", "Completed", (_, run) =>
        {
            run.Fault("duplicator bound before the request");
            return Task.CompletedTask;
        },
        duplicateMessages: true,
        beforeVerify: async (lake, run) =>
        {
            // Copies may still be in flight when the run ends: check the lake once every copy was handled too.
            var streams = StreamCatalog.Default.ForSource(FaultLake.Source).Count();
            await lake.WaitForDuplicatesHandledAsync(streams, TimeSpan.FromSeconds(20));
            run.Detail = $"copies: {lake.Duplicates}";
        });

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Should_complete_when_the_broker_drops_every_connection_mid_run(string transport) =>
        RunCaseAsync(transport, "broker connections of the vhost closed at Processing", "Completed",
            async (lake, run) =>
            {
                var seen = await lake.WaitForStepAsync(run.Id, FaultStep.Processing, run.Remaining);
                var closed = await lake.CloseBrokerConnectionsAsync();
                run.Fault($"{closed} connections closed{(seen ? " at Processing" : " after Processing")}");
                closed.Should().BeGreaterThanOrEqualTo(5, "each host and the test's bus had a connection to drop");
            });

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Should_complete_when_the_warehouse_database_drops_its_sessions_mid_load(string transport) =>
        RunCaseAsync(transport, "warehouse DB sessions terminated at Loading", "Completed", async (lake, run) =>
        {
            var seen = await lake.WaitForStepAsync(run.Id, FaultStep.Loading, run.Remaining);
            var terminated = 0;
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
            while (terminated == 0 && seen)
            {
                terminated = await lake.TerminateWarehouseSessionsAsync();
                var now = await lake.ReadRunAsync(run.Id);
                seen = now is not null && now.IsAt(FaultStep.Loading);
                if (terminated == 0) await tick.WaitForNextTickAsync();
            }
            run.Fault(terminated > 0
                ? $"{terminated} busy warehouse sessions terminated while Loading"
                : "no busy warehouse session caught while Loading");
        });

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Should_fail_and_release_the_sources_when_a_service_never_comes_back(string transport) =>
        RunCaseAsync(transport, "processing killed at Extracting, never restarted (short deadlines)", "Failed",
            async (lake, run) =>
            {
                // Killed while a stream still extracts, so its ProcessStream finds no consumer: killed at Processing,
                // the service could finish the files source's three small streams between the sighting and the kill.
                var seen = await lake.WaitForStepAsync(run.Id, FaultStep.Extracting, run.Remaining);
                await lake.KillAsync("Processing");
                run.Fault(seen ? "killed at Extracting" : "run already past Extracting when seen; killed then");
            },
            orchestratorSettings: ShortDeadlines,
            maxRecovery: TimeSpan.FromSeconds(30));

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Should_complete_when_the_orchestrator_dies_as_the_run_starts(string transport) =>
        RunCaseAsync(transport, "orchestrator killed at the first Extracting, restart (short deadlines)", "Completed",
            async (lake, run) =>
            {
                var seen = await lake.WaitForStepAsync(run.Id, FaultStep.Extracting, run.Remaining);
                await lake.KillAsync("Orchestrator");
                run.Fault(seen ? "killed at Extracting" : "run already past Extracting when seen; killed then");
                await lake.StartServiceAsync("Orchestrator");
            },
            orchestratorSettings: ShortDeadlines);

    /// <summary>
    /// Starts a lake, requests a run, injects the fault, waits for the run's end within <see cref="RunBudget"/> and
    /// checks it; records the case in the suite's table whether it passed or not.
    /// </summary>
    private async Task RunCaseAsync(
        string transport,
        string fault,
        string expected,
        Func<FaultLake, CaseRun, Task> inject,
        IReadOnlyDictionary<string, string?>? orchestratorSettings = null,
        bool duplicateMessages = false,
        Func<FaultLake, CaseRun, Task>? beforeVerify = null,
        TimeSpan? maxRecovery = null)
    {
        var outcome = "not started";
        CaseRun? run = null;
        var passed = false;
        try
        {
            // Starting is bounded by each host's readiness deadline (ProcessLake.WaitUntilReadyAsync).
            await using var lake = await FaultLake.StartAsync(transport, orchestratorSettings, duplicateMessages);
            run = new CaseRun(await lake.RequestRunAsync(), RunBudget);
            outcome = "no end";
            await inject(lake, run);
            var end = await lake.WaitForEndAsync(run.Id, run.Remaining);
            run.Ended();
            outcome = end.State;
            end.State.Should().Be(expected, $"{end}\n{lake.Output}");
            if (maxRecovery is { } limit)
                run.Recovery.Should().BeLessThan(limit, "the run ends soon after the fault");
            if (beforeVerify is not null) await beforeVerify(lake, run);
            await lake.VerifyAsync(run.Id, end);
            passed = true;
        }
        catch (Exception e)
        {
            if (run is not null) run.Detail += $" — {e.GetType().Name}: {e.Message}";
            else outcome = $"{outcome}: {e.Message}";
            throw;
        }
        finally
        {
            _report.Record($"{transport}: {fault}", expected, outcome, run?.ToEnd, run?.RecoveryOrNull,
                run?.Detail ?? "", passed);
        }
    }

    /// <summary>One case's run: its id, its clock from the request, when the fault hit and what it hit.</summary>
    private sealed class CaseRun(Guid id, TimeSpan budget)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _faultAt;
        private TimeSpan? _endAt;

        public Guid Id { get; } = id;

        /// <summary>What is left of the run's budget.</summary>
        public TimeSpan Remaining => budget - _clock.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero;

        public string Detail { get; set; } = "";

        public TimeSpan? ToEnd => _endAt;

        public TimeSpan? RecoveryOrNull => _endAt - _faultAt;

        public TimeSpan Recovery => RecoveryOrNull ?? TimeSpan.MaxValue;

        /// <summary>Marks the moment of the fault.</summary>
        public void Fault(string detail) => (_faultAt, Detail) = (_clock.Elapsed, detail);

        /// <summary>Marks the run's end.</summary>
        public void Ended() => _endAt = _clock.Elapsed;
    }
}
