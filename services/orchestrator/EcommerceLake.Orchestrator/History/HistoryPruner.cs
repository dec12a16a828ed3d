using EcommerceLake.Orchestrator.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.History;

/// <summary>
/// Removes the orchestrator's history older than a cutoff, a batch of <see cref="BatchSize"/> rows per statement so
/// that no statement holds many row locks for long, and <c>FOR UPDATE SKIP LOCKED</c> so instances sweeping at once
/// share the rows instead of waiting on each other. Removed: runs that ended before the cutoff, except a run that
/// still holds a lease or has outbox messages, the run of each committed offset, each stream's last loading and
/// last data-bringing run (the offsets and freshness pages name them) and each schedule's last run; refusals (but a
/// schedule's last); alerts, except an open stale-source alert (<c>orchestrator.stream_freshness.stale_alert_key</c>);
/// clusters deleted before the cutoff; data-quality check outcomes recorded before it. A cluster never deleted, an
/// active run, offsets and the audit trails stay.
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
        Task<int> Delete(string table, string key, string time, string kept = "")
        {
            var sql = DeleteSql(table, key, time, kept);
            return InBatchesAsync(() =>
                dbContext.Database.ExecuteSqlRawAsync(sql, [before, BatchSize], cancellationToken));
        }

        var runs = await Delete("pipeline_runs", "run_id", "completed_at", """
            AND NOT EXISTS (SELECT 1 FROM orchestrator.source_leases AS l WHERE l.run_id = x.run_id)
            AND NOT EXISTS (SELECT 1 FROM orchestrator.outbox_messages AS m WHERE m.run_id = x.run_id)
            AND NOT EXISTS (SELECT 1 FROM orchestrator.committed_offsets AS o WHERE o.run_id = x.run_id)
            AND NOT EXISTS (
                SELECT 1 FROM orchestrator.stream_freshness AS f
                WHERE f.last_data_run_id = x.run_id OR f.last_loaded_run_id = x.run_id)
            AND NOT EXISTS (SELECT 1 FROM orchestrator.schedules AS s WHERE s.last_run_id = x.run_id)
            """);
        var refusals = await Delete("run_refusals", "run_id", "refused_at", """
            AND NOT EXISTS (SELECT 1 FROM orchestrator.schedules AS s WHERE s.last_run_id = x.run_id)
            """);
        var alerts = await Delete("alerts", "id", "raised_at", """
            AND NOT EXISTS (SELECT 1 FROM orchestrator.stream_freshness AS f WHERE f.stale_alert_key = x.alert_key)
            """);
        var clusters = await Delete("clusters", "cluster_name", "deleted_at");
        var checks = await Delete("check_results", "id", "checked_at");
        return new HistoryPruned(runs, refusals, alerts, clusters, checks);
    }

    /// <summary>A batch's <c>DELETE</c> from <c>orchestrator.{table}</c> (alias <c>x</c>) of the rows whose
    /// <paramref name="time"/> is before parameter 0, oldest first, at most parameter 1, unless
    /// <paramref name="kept"/> (more conditions on <c>x</c>) excludes them. The names are this class's constants.
    /// </summary>
    private static string DeleteSql(string table, string key, string time, string kept) =>
        $$"""
          DELETE FROM orchestrator.{{table}}
          WHERE {{key}} IN (
              SELECT x.{{key}} FROM orchestrator.{{table}} AS x
              WHERE x.{{time}} < {0} {{kept}}
              ORDER BY x.{{time}} LIMIT {1}
              FOR UPDATE OF x SKIP LOCKED)
          """;

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
