namespace EcommerceLake.Orchestrator.History;

/// <summary>What one pass of <see cref="HistoryPruner.PruneAsync"/> removed, in rows.</summary>
/// <param name="Runs">Finished runs (<c>orchestrator.pipeline_runs</c>).</param>
/// <param name="Refusals">Refused run requests (<c>orchestrator.run_refusals</c>).</param>
/// <param name="Alerts">Alerts (<c>orchestrator.alerts</c>).</param>
/// <param name="Clusters">Deleted processing clusters (<c>orchestrator.clusters</c>).</param>
/// <param name="Checks">Data-quality check outcomes (<c>orchestrator.check_results</c>).</param>
public sealed record HistoryPruned(int Runs, int Refusals, int Alerts, int Clusters, int Checks = 0)
{
    /// <summary>Rows removed in all.</summary>
    public int Total => Runs + Refusals + Alerts + Clusters + Checks;
}
