using EcommerceLake.Contracts;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Triggers;

/// <summary>
/// Hosted service: for every <c>Orchestrator:Schedules:{source} = interval</c> (for example
/// <c>Orchestrator:Schedules:files = 00:15:00</c>) publishes a <see cref="RequestRun"/> of the source with trigger
/// <c>schedule</c> each time the interval elapses (a <see cref="PeriodicTimer"/> on the registered
/// <see cref="TimeProvider"/>, so tests drive it with a manual clock). A schedule firing while the source is busy is
/// coalesced into its one follow-up run. No schedule is configured by default.
/// </summary>
public sealed class RunScheduler(
    IOptions<OrchestratorOptions> options, StreamCatalog catalog, IBus bus, TimeProvider time,
    ILogger<RunScheduler> logger) : BackgroundService
{
    /// <summary>Checks the schedules (known sources, positive intervals) before the timers start.</summary>
    /// <exception cref="InvalidOperationException">
    /// A schedule names an unknown source or a non-positive interval; the message names the key.
    /// </exception>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var (source, interval) in options.Value.Schedules)
        {
            if (!catalog.Sources.Contains(source, StringComparer.Ordinal))
                errors.Add($"{OrchestratorOptions.Section}:Schedules:{source}: unknown source; "
                    + $"known sources: {string.Join(", ", catalog.Sources)}.");
            if (interval <= TimeSpan.Zero)
                errors.Add($"{OrchestratorOptions.Section}:Schedules:{source}: "
                    + "the interval must be positive (for example 00:15:00).");
        }
        if (errors.Count > 0) throw new InvalidOperationException(string.Join(" ", errors));
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Schedules
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => RunScheduleAsync(s.Key, s.Value, stoppingToken)));

    private async Task RunScheduleAsync(string source, TimeSpan interval, CancellationToken stoppingToken)
    {
        logger.LogInformation("Schedule: a run of {Source} every {Interval}", source, interval);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var request = new RequestRun
                {
                    RunId = NewId.NextGuid(),
                    Sources = [source],
                    Trigger = RunTrigger.Schedule,
                    RequestedBy = "scheduler",
                };
                try
                {
                    await bus.Publish(request, stoppingToken);
                    logger.LogInformation("Schedule: requested run {RunId} of {Source}", request.RunId, source);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Schedule: requesting a run of {Source} failed; the next tick tries again",
                        source);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
