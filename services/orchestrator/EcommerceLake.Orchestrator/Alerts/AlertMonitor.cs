using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Sagas;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Alerts;

/// <summary>
/// Hosted service: every <c>Alerts:CheckInterval</c> (a <see cref="PeriodicTimer"/> on the registered
/// <see cref="TimeProvider"/>) reads the active runs through <see cref="RunQueries"/> and raises one
/// <c>step-duration</c> warning for each step (a stream's extract, process or load; a run's marts build) that has been
/// running longer than <c>Alerts:StepDurationThreshold</c>. Each step alerts once, however many checks see it (see
/// <see cref="AlertRaiser"/>).
/// </summary>
public sealed class AlertMonitor(
    RunQueries queries, AlertRaiser alerts, IBus bus, TimeProvider time, IOptions<AlertOptions> options,
    ILogger<AlertMonitor> logger) : PeriodicCheck(time, options.Value.CheckInterval, logger)
{
    /// <inheritdoc />
    protected override string Description => "Checking running steps for alerts";

    /// <summary>Checks the running steps once.</summary>
    /// <returns>How many alerts this check raised.</returns>
    public override async Task<int> CheckOnceAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var threshold = options.Value.StepDurationThreshold;
        var raised = 0;
        foreach (var run in await queries.ListActiveRunsAsync(cancellationToken))
        {
            // One alert per running step past the threshold: each stream's step, each marts chain's build.
            var running = run.Streams
                .Where(s => s.CurrentStep is { } step && s.StartedAt(step) is not null)
                .Select(s => (Key: $"{s.Source}.{s.Stream}:{s.CurrentStep!.Value.Name()}", Source: (string?)s.Source,
                    Stream: (string?)s.Stream, Start: s.StartedAt(s.CurrentStep!.Value)!.Value,
                    What: $"{s} has been running {s.CurrentStep!.Value.Name()}"))
                .Concat(BuildingMarts(run.Marts).Select(m => (Key: $"marts:{m.Name}", Source: (string?)null,
                    Stream: (string?)null, m.Start, What: $"the {m.Name} marts build has been running")));
            foreach (var (key, source, stream, start, what) in running)
            {
                if (now - start <= threshold) continue;
                if (await alerts.RaiseAsync(
                        $"{WireName.Of(AlertKind.StepDuration)}:{run.CorrelationId}:{key}",
                        new AlertRaised
                        {
                            Kind = AlertKind.StepDuration,
                            Severity = AlertSeverity.Warning,
                            RunId = run.CorrelationId,
                            Source = source,
                            Stream = stream,
                            Message = $"Run {run.CorrelationId}: {what} for "
                                + $"{Describe(now - start)} (threshold {Describe(threshold)}).",
                            RaisedAt = now,
                        },
                        bus, cancellationToken))
                    raised++;
            }
        }
        return raised;
    }

    /// <summary>The marts chains that build, with their start: every Building chain, or the whole build of a run
    /// from before chains were built apart (named <c>all</c>).</summary>
    private static IEnumerable<(string Name, DateTimeOffset Start)> BuildingMarts(MartsRun marts) =>
        marts.Chains.Count > 0
            ? marts.Chains.Where(c => c is { Status: MartsStatus.Building, StartedAt: not null })
                .Select(c => (c.Name, c.StartedAt!.Value))
            : marts is { Status: MartsStatus.Building, StartedAt: { } start } ? [("all", start)] : [];

    internal static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
        : $"{span.TotalSeconds:0}s";
}
