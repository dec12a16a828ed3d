using EcommerceLake.Orchestrator.Admission;
using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Orchestrator.Clusters;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Offsets;
using EcommerceLake.Orchestrator.Sagas;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Runs;

/// <summary>
/// Read-only queries over the orchestrator's tables, for the HTTP API and for the CLI in-process. Each call uses its
/// own DbContext without tracking.
/// </summary>
public sealed class RunQueries(IDbContextFactory<OrchestratorDbContext> dbContextFactory)
{
    /// <summary>The latest <paramref name="limit"/> runs that <paramref name="filter"/>
    /// (<see cref="RunFilter.None"/>: every run) lets through, newest first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public async Task<IReadOnlyList<RunSummary>> ListRunsAsync(int limit, RunFilter filter,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var runs = await filter.Apply(dbContext.Runs.AsNoTracking())
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.CorrelationId)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return runs.Select(RunSummary.From).ToList();
    }

    /// <summary>The latest <paramref name="limit"/> runs with their streams that <paramref name="filter"/>
    /// (<see cref="RunFilter.None"/>: every run) lets through, newest first (the dashboard's lists).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public async Task<IReadOnlyList<RunDetails>> ListRunDetailsAsync(int limit, RunFilter filter,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var runs = await filter.Apply(dbContext.Runs.AsNoTracking())
            .Where(r => r.CurrentState != "Initial")
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.CorrelationId)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return runs.Select(RunDetails.From).ToList();
    }

    /// <summary>
    /// The run <paramref name="runId"/> with its streams; a refused request as a run that ended <c>Refused</c>
    /// (<see cref="RunDetails.From(RunRefusal)"/>), unless a redelivery of it was admitted since; null when the
    /// request is unknown (not answered yet, or never made).
    /// </summary>
    public async Task<RunDetails?> GetRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var run = await dbContext.Runs.AsNoTracking()
            .SingleOrDefaultAsync(r => r.CorrelationId == runId, cancellationToken);
        if (run is not null) return RunDetails.From(run);
        var refusal = await dbContext.RunRefusals.AsNoTracking()
            .SingleOrDefaultAsync(r => r.RunId == runId, cancellationToken);
        return refusal is null ? null : RunDetails.From(refusal);
    }

    /// <summary>
    /// The ids of the runs and refused requests whose id, as 32 lower-case hex digits, ends with the short id
    /// <paramref name="shortId"/> (<see cref="RunIdSuffix"/>), newest first, at most <paramref name="limit"/>: one id
    /// names a run, several say the short id is ambiguous. Every kept run is searched, not only the latest.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="shortId"/> is not a short id.</exception>
    public async Task<IReadOnlyList<Guid>> FindRunIdsEndingWithAsync(string shortId, int limit,
        CancellationToken cancellationToken)
    {
        var digits = RunIdSuffix.Normalize(shortId)
            ?? throw new ArgumentException($"'{shortId}' is not the end of a run id.", nameof(shortId));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var pattern = "%" + digits;
        return await dbContext.Database.SqlQuery<Guid>(
            $"""
             SELECT run_id AS "Value" FROM (
                 SELECT run_id, created_at AS at FROM orchestrator.pipeline_runs
                 WHERE replace(run_id::text, '-', '') LIKE {pattern}
                 UNION ALL
                 SELECT run_id, refused_at FROM orchestrator.run_refusals
                 WHERE replace(run_id::text, '-', '') LIKE {pattern}
                   AND NOT EXISTS (
                       SELECT 1 FROM orchestrator.pipeline_runs AS p WHERE p.run_id = run_refusals.run_id)
             ) AS found
             ORDER BY at DESC LIMIT {limit}
             """).ToListAsync(cancellationToken);
    }

    /// <summary>Every committed offset, by source then stream.</summary>
    public async Task<IReadOnlyList<CommittedOffset>> ListOffsetsAsync(CancellationToken cancellationToken)
    {
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        return await dbContext.CommittedOffsets.AsNoTracking()
            .OrderBy(o => o.Source).ThenBy(o => o.Stream)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Sources held by active runs, by source.</summary>
    public async Task<IReadOnlyList<SourceLease>> ListLeasesAsync(CancellationToken cancellationToken)
    {
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        return await dbContext.SourceLeases.AsNoTracking().OrderBy(l => l.Source).ToListAsync(cancellationToken);
    }

    /// <summary>Runs that have not ended (states <c>Running</c> and <c>BuildingMarts</c>), oldest first.</summary>
    public async Task<IReadOnlyList<PipelineRunState>> ListActiveRunsAsync(CancellationToken cancellationToken)
    {
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        return await dbContext.Runs.AsNoTracking()
            .Where(r => r.CompletedAt == null && r.CurrentState != "Initial")
            .OrderBy(r => r.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The latest <paramref name="limit"/> alerts, newest first, optionally of one run only.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public async Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(
        int limit, Guid? runId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var alerts = dbContext.Alerts.AsNoTracking();
        if (runId is { } id) alerts = alerts.Where(a => a.RunId == id);
        return await alerts.OrderByDescending(a => a.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The latest <paramref name="limit"/> offset resets, newest first, optionally of one source only.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public async Task<IReadOnlyList<OffsetAuditEntry>> ListOffsetAuditAsync(
        int limit, string? source, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var audit = dbContext.OffsetAudit.AsNoTracking();
        if (source is not null) audit = audit.Where(a => a.Source == source);
        return await audit.OrderByDescending(a => a.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Processing clusters provisioned and not deleted, oldest first.</summary>
    public async Task<IReadOnlyList<ClusterRecord>> ListLiveClustersAsync(CancellationToken cancellationToken)
    {
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        return await dbContext.Clusters.AsNoTracking()
            .Where(c => c.DeletedAt == null && c.ProvisionedAt != null)
            .OrderBy(c => c.ProvisionedAt)
            .ToListAsync(cancellationToken);
    }
}
