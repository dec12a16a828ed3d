using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Orchestrator.Alerts;

/// <summary>
/// A hosted service that runs <see cref="CheckOnceAsync"/> every <c>interval</c> on a <see cref="TimeProvider"/>
/// (so tests drive it with a manual clock). A failed check is logged and the next tick tries again.
/// </summary>
public abstract class PeriodicCheck(TimeProvider time, TimeSpan interval, ILogger logger) : BackgroundService
{
    /// <summary>The clock the checks run on.</summary>
    protected TimeProvider Clock { get; } = time;

    /// <summary>
    /// What the check does, for the log line of a failed check (for example "Checking cluster uptimes").
    /// </summary>
    protected abstract string Description { get; }

    /// <summary>Runs the check once.</summary>
    /// <returns>What the check counts: alerts raised, runs found due, rows removed.</returns>
    public abstract Task<int> CheckOnceAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "{Check} failed; the next check tries again", Description);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
