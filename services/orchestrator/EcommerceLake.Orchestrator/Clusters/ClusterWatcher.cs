using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Orchestrator.Runs;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Clusters;

/// <summary>
/// Hosted service: every <c>Alerts:CheckInterval</c> (on the registered <see cref="TimeProvider"/>) raises one
/// <c>cluster-uptime</c> warning for each live processing cluster (provisioned, not deleted) alive longer than
/// <c>Alerts:ClusterUptimeThreshold</c> — an ephemeral cluster that outlives its run costs money.
/// </summary>
public sealed class ClusterWatcher(
    RunQueries queries, AlertRaiser alerts, IBus bus, TimeProvider time, IOptions<AlertOptions> options,
    ILogger<ClusterWatcher> logger) : PeriodicCheck(time, options.Value.CheckInterval, logger)
{
    /// <inheritdoc />
    protected override string Description => "Checking cluster uptimes";

    /// <summary>Checks the live clusters once.</summary>
    /// <returns>How many alerts this check raised.</returns>
    public override async Task<int> CheckOnceAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var threshold = options.Value.ClusterUptimeThreshold;
        var raised = 0;
        foreach (var cluster in await queries.ListLiveClustersAsync(cancellationToken))
        {
            if (cluster.ProvisionedAt is not { } start || now - start <= threshold) continue;
            if (await alerts.RaiseAsync($"{WireName.Of(AlertKind.ClusterUptime)}:{cluster.Name}:{start.UtcTicks}",
                    new AlertRaised
                    {
                        Kind = AlertKind.ClusterUptime,
                        Severity = AlertSeverity.Warning,
                        RunId = cluster.RunId,
                        Message = $"Cluster {cluster.Name} (run {cluster.RunId}) has been up for "
                        + $"{AlertMonitor.Describe(now - start)} (threshold {AlertMonitor.Describe(threshold)}).",
                        RaisedAt = now,
                    },
                    bus, cancellationToken))
                raised++;
        }
        return raised;
    }

}
