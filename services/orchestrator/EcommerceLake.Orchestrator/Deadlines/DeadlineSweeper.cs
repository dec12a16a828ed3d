using System.Diagnostics;
using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Sagas;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Deadlines;

/// <summary>
/// Hosted service: every <c>Orchestrator:Deadlines:SweepInterval</c> (on the registered <see cref="TimeProvider"/>)
/// reads the active runs and publishes <see cref="RunDeadlinesDue"/> for each run with a passed deadline — a step
/// command unanswered for <c>Orchestrator:Deadlines:Step</c>, a marts build likewise, or the run older than
/// <c>Orchestrator:Deadlines:Run</c>. The message travels in the run's trace. The saga decides what is due from its
/// own row, so a sweep that races another instance's sweep changes nothing twice. (A command lost between the saga's
/// commit and its publish needs no sweep: the durable outbox publishes it.)
/// </summary>
public sealed class DeadlineSweeper(
    RunQueries queries,
    OrchestratorSchema schema,
    IBus bus,
    TimeProvider time,
    IOptions<DeadlineOptions> options,
    IOptions<BusOptions> busOptions,
    ILogger<DeadlineSweeper> logger) : PeriodicCheck(time, options.Value.SweepInterval, logger)
{
    private static readonly ActivitySource Activity = new(LakeTelemetry.Orchestrator);

    /// <inheritdoc />
    protected override string Description => "Sweeping run deadlines";

    /// <summary>Sweeps once: publishes <see cref="RunDeadlinesDue"/> per active run with a passed deadline.</summary>
    /// <returns>How many runs were found due.</returns>
    public override async Task<int> CheckOnceAsync(CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        var now = Clock.GetUtcNow();
        var due = (await queries.ListActiveRunsAsync(cancellationToken))
            .Where(run => IsDue(run, now, options.Value))
            .ToList();
        foreach (var run in due)
        {
            logger.LogInformation("Run {RunId} has a passed deadline", run.CorrelationId);
            var parent = run.TraceId is { Length: 32 } traceId
                ? new ActivityContext(ActivityTraceId.CreateFromString(traceId), ActivitySpanId.CreateRandom(),
                    ActivityTraceFlags.Recorded)
                : default;
            using var span = Activity.StartActivity("deadlines due", ActivityKind.Producer, parent);
            await bus.PublishWithinAsync(new RunDeadlinesDue(run.CorrelationId), busOptions.Value.PublishTimeout,
                cancellationToken);
        }
        return due.Count;
    }

    /// <summary>True when <paramref name="run"/> has a deadline at or before <paramref name="now"/>.</summary>
    public static bool IsDue(PipelineRunState run, DateTimeOffset now, DeadlineOptions deadlines) =>
        now >= run.CreatedAt + deadlines.Run
        || run.Streams.Any(s => s.CurrentStep is not null && s.SentAt + deadlines.Step <= now)
        || run.Marts.Chains.Any(c => c.Status == MartsStatus.Building && c.SentAt + deadlines.Step <= now)
        || (run.Marts.Chains.Count == 0 && run.Marts.Status == MartsStatus.Building
            && run.Marts.SentAt + deadlines.Step <= now);
}
