using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Triggers;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Admission;

/// <summary>
/// Leases sources to runs (table <c>orchestrator.source_leases</c>, one row per source): at most one active run
/// per source. The run saga releases a run's leases when it completes or fails. Admission first locks the sources'
/// <c>run_triggers</c> rows (see <c>RunTriggerStore</c>), so it is serialized with the end of the active run and
/// with offset resets of the same sources.
/// </summary>
public sealed class RunAdmission(
    IDbContextFactory<OrchestratorDbContext> dbContextFactory, OrchestratorSchema schema, TimeProvider time)
{
    /// <summary>Admits a manual request (trigger <c>api</c>): a busy source refuses it.</summary>
    /// <inheritdoc cref="AdmitAsync(Guid, IReadOnlyCollection{string}, RunTrigger, string, CancellationToken)"/>
    public Task<AdmissionDecision> AdmitAsync(
        Guid runId, IReadOnlyCollection<string> sources, CancellationToken cancellationToken) =>
        AdmitAsync(runId, sources, RunTrigger.Api, "api", cancellationToken);

    /// <summary>
    /// In one transaction, leases every source of <paramref name="sources"/> to <paramref name="runId"/>, or none.
    /// Idempotent: a run that already holds its leases, or whose saga already exists (running or ended), is accepted
    /// again with its first admission time and no lease is taken again. Sources are inserted in name order, so
    /// concurrent requests over overlapping sources queue on the same row instead of deadlocking.
    /// </summary>
    /// <param name="runId">The run asking.</param>
    /// <param name="sources">Source names, already validated against the stream catalog.</param>
    /// <param name="trigger">The request's trigger; an automatic one (<see cref="RunTriggers.IsAutomatic"/>) that
    /// finds a source busy marks a follow-up run pending for each busy source instead of being simply refused.</param>
    /// <param name="requestedBy">Who asked, kept with a pending follow-up.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Accepted, or refused (possibly deferred) with the first busy source and the run holding it.</returns>
    /// <exception cref="Npgsql.PostgresException">The database failed; nothing was leased.</exception>
    public async Task<AdmissionDecision> AdmitAsync(Guid runId, IReadOnlyCollection<string> sources,
        RunTrigger trigger, string requestedBy, CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);

        var existing = await dbContext.Runs.AsNoTracking()
            .Where(r => r.CorrelationId == runId)
            .Select(r => (DateTimeOffset?)r.CreatedAt)
            .SingleOrDefaultAsync(cancellationToken);
        if (existing is { } createdAt)
            return new AdmissionDecision(true, createdAt, null, null);

        var names = sources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var now = time.GetUtcNow();
        await RunTriggerStore.LockAsync(dbContext, names, cancellationToken);
        await dbContext.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO orchestrator.source_leases (source, run_id, acquired_at)
             SELECT s, {runId}, {now} FROM unnest({names}::text[]) AS s ORDER BY s
             ON CONFLICT (source) DO NOTHING
             """,
            cancellationToken);
        var leases = await dbContext.SourceLeases.AsNoTracking()
            .Where(l => names.Contains(l.Source))
            .OrderBy(l => l.Source)
            .ToListAsync(cancellationToken);
        var busy = leases.Where(l => l.RunId != runId).ToList();
        if (busy.Count > 0)
        {
            if (!RunTriggers.IsAutomatic(trigger))
            {
                await transaction.RollbackAsync(cancellationToken);
                return new AdmissionDecision(false, default, busy[0].Source, busy[0].RunId);
            }
            // Keep the trigger rows' locks: give back the free sources just leased and mark the busy ones' follow-up.
            await dbContext.SourceLeases.Where(l => l.RunId == runId).ExecuteDeleteAsync(cancellationToken);
            await RunTriggerStore.MarkPendingAsync(
                dbContext, busy.Select(l => l.Source), trigger, requestedBy, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new AdmissionDecision(false, default, busy[0].Source, busy[0].RunId, Deferred: true);
        }
        await transaction.CommitAsync(cancellationToken);
        return new AdmissionDecision(true, leases.Min(l => l.AcquiredAt), null, null);
    }
}
