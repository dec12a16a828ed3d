using EcommerceLake.Orchestrator.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.History;

/// <summary>
/// Hosted service: every <c>Orchestrator:History:SweepInterval</c> (on the registered <see cref="TimeProvider"/>)
/// removes what <see cref="HistoryPruner"/> removes for the cutoff now − <c>Orchestrator:History:KeepFor</c>, and
/// logs what it removed; nothing when <c>Orchestrator:History:Prune</c> is false.
/// </summary>
public sealed class HistorySweeper(
    HistoryPruner pruner,
    TimeProvider time,
    IOptions<HistoryOptions> options,
    ILogger<HistorySweeper> logger) : PeriodicCheck(time, options.Value.SweepInterval, logger)
{
    /// <inheritdoc />
    protected override string Description => "Removing old run history";

    /// <summary>Sweeps once.</summary>
    /// <returns>Rows removed in all (0 when pruning is off).</returns>
    public override async Task<int> CheckOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Prune) return 0;
        var before = Clock.GetUtcNow() - settings.KeepFor;
        var pruned = await pruner.PruneAsync(before, cancellationToken);
        if (pruned.Total > 0)
            logger.LogInformation(
                "Removed the history from before {Before:u} ({Section}:{Key} {KeepFor}): {Runs} runs, {Refusals} " +
                "refusals, {Alerts} alerts, {Clusters} deleted clusters", before, HistoryOptions.Section,
                nameof(HistoryOptions.KeepFor), settings.KeepFor, pruned.Runs, pruned.Refusals, pruned.Alerts,
                pruned.Clusters);
        return pruned.Total;
    }
}
