using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Sagas;
using MassTransit;
using Microsoft.Extensions.Hosting;
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
            foreach (var stream in run.Streams)
            {
                if (stream.CurrentStep is not { } current || stream.StartedAt(current) is not { } start
                    || now - start <= threshold)
                    continue;
                var step = current.Name();
                if (await alerts.RaiseAsync(
                        $"{WireName.Of(AlertKind.StepDuration)}:{run.CorrelationId}:{stream.Source}.{stream.Stream}:{step}",
                        new AlertRaised
                        {
                            Kind = AlertKind.StepDuration,
                            Severity = AlertSeverity.Warning,
                            RunId = run.CorrelationId,
                            Source = stream.Source,
                            Stream = stream.Stream,
                            Message = $"Run {run.CorrelationId}: {stream} has been running {step} for "
                                + $"{Describe(now - start)} (threshold {Describe(threshold)}).",
                            RaisedAt = now,
                        },
                        bus, cancellationToken))
                    raised++;
            }
            foreach (var (name, martsStart) in BuildingMarts(run.Marts))
            {
                if (now - martsStart <= threshold) continue;
                if (await alerts.RaiseAsync(
                        $"{WireName.Of(AlertKind.StepDuration)}:{run.CorrelationId}:marts:{name}",
                        new AlertRaised
                        {
                            Kind = AlertKind.StepDuration,
                            Severity = AlertSeverity.Warning,
                            RunId = run.CorrelationId,
                            Message = $"Run {run.CorrelationId}: the {name} marts build has been running for "
                                + $"{Describe(now - martsStart)} (threshold {Describe(threshold)}).",
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
