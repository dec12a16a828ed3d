using EcommerceLake.Orchestrator.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.History;

/// <summary>
/// Removes the orchestrator's history older than a cutoff, a batch of <see cref="BatchSize"/> rows per statement so
/// that no statement holds many row locks for long, and <c>FOR UPDATE SKIP LOCKED</c> so instances sweeping at once
/// share the rows instead of waiting on each other. Removed: runs that ended before the cutoff, except a run that
/// still holds a lease or has outbox messages, the run of each committed offset and each stream's last loading and
/// last data-bringing run (the offsets and freshness pages name them); refusals; alerts, except an open stale-source
/// alert (<c>orchestrator.stream_freshness.stale_alert_key</c>); clusters deleted before the cutoff. A cluster never
/// deleted, an active run, offsets and the audit trails stay.
/// </summary>
public sealed class HistoryPruner(IDbContextFactory<OrchestratorDbContext> dbContextFactory, OrchestratorSchema schema)
{
    /// <summary>Rows removed by one statement at most.</summary>
    public const int BatchSize = 1_000;

    /// <summary>Removes the rows described above whose time is before <paramref name="before"/>.</summary>
    /// <returns>How many rows of each table were removed.</returns>
    /// <exception cref="Npgsql.PostgresException">The database failed; what was removed before stays removed.
    /// </exception>
    public async Task<HistoryPruned> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var database = dbContext.Database;
        var runs = await InBatchesAsync(() => database.ExecuteSqlAsync(
            $"""
             DELETE FROM orchestrator.pipeline_runs
             WHERE run_id IN (
                 SELECT r.run_id FROM orchestrator.pipeline_runs AS r
                 WHERE r.completed_at < {before}
                   AND NOT EXISTS (SELECT 1 FROM orchestrator.source_leases AS l WHERE l.run_id = r.run_id)
                   AND NOT EXISTS (SELECT 1 FROM orchestrator.outbox_messages AS m WHERE m.run_id = r.run_id)
                   AND NOT EXISTS (SELECT 1 FROM orchestrator.committed_offsets AS o WHERE o.run_id = r.run_id)
                   AND NOT EXISTS (
                       SELECT 1 FROM orchestrator.stream_freshness AS f
                       WHERE f.last_data_run_id = r.run_id OR f.last_loaded_run_id = r.run_id)
                 ORDER BY r.completed_at
                 LIMIT {BatchSize}
                 FOR UPDATE OF r SKIP LOCKED)
             """, cancellationToken));
        var refusals = await InBatchesAsync(() => database.ExecuteSqlAsync(
            $"""
             DELETE FROM orchestrator.run_refusals
             WHERE run_id IN (
                 SELECT run_id FROM orchestrator.run_refusals WHERE refused_at < {before}
                 ORDER BY refused_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED)
             """, cancellationToken));
        var alerts = await InBatchesAsync(() => database.ExecuteSqlAsync(
            $"""
             DELETE FROM orchestrator.alerts
             WHERE id IN (
                 SELECT a.id FROM orchestrator.alerts AS a
                 WHERE a.raised_at < {before}
                   AND NOT EXISTS (
                       SELECT 1 FROM orchestrator.stream_freshness AS f WHERE f.stale_alert_key = a.alert_key)
                 ORDER BY a.raised_at LIMIT {BatchSize} FOR UPDATE OF a SKIP LOCKED)
             """, cancellationToken));
        var clusters = await InBatchesAsync(() => database.ExecuteSqlAsync(
            $"""
             DELETE FROM orchestrator.clusters
             WHERE cluster_name IN (
                 SELECT cluster_name FROM orchestrator.clusters WHERE deleted_at < {before}
                 ORDER BY deleted_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED)
             """, cancellationToken));
        return new HistoryPruned(runs, refusals, alerts, clusters);
    }

    /// <summary>Runs <paramref name="delete"/> until a batch removes fewer than <see cref="BatchSize"/> rows.</summary>
    private static async Task<int> InBatchesAsync(Func<Task<int>> delete)
    {
        int removed = 0, batch;
        do
        {
            batch = await delete();
            removed += batch;
        }
        while (batch == BatchSize);
        return removed;
    }
}
