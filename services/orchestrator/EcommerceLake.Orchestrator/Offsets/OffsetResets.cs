using EcommerceLake.Orchestrator.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Offsets;

/// <summary>
/// Operator resets of committed offsets, for backfills. A reset is refused while the source has an active run (the
/// run would commit over it); otherwise, in one transaction, the offset is set (or deleted, so the next run reads the
/// stream from scratch) and an audit record is written with who, why, the old and the new offset and when. The
/// source's <c>run_triggers</c> row is locked first, as admission does, so a run cannot be admitted halfway through.
/// A reset offset carries run id <see cref="Guid.Empty"/> in <c>committed_offsets</c>.
/// </summary>
public sealed class OffsetResets(
    IDbContextFactory<OrchestratorDbContext> dbContextFactory, OrchestratorSchema schema, TimeProvider time)
{
    /// <summary>
    /// Resets the offset of <paramref name="source"/>.<paramref name="stream"/> to <paramref name="offset"/> (null:
    /// delete it).
    /// </summary>
    /// <param name="source">Source name, validated by the caller against the stream catalog.</param>
    /// <param name="stream">Stream name, validated by the caller.</param>
    /// <param name="offset">The new offset text (JSON in the connector's format), or null.</param>
    /// <param name="requestedBy">Who asks (non-empty).</param>
    /// <param name="reason">Why (non-empty).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Done with the audit record, or refused with the active run.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="requestedBy"/> or <paramref name="reason"/> is empty.
    /// </exception>
    public async Task<OffsetResetOutcome> ResetAsync(string source, string stream, string? offset, string requestedBy,
        string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await schema.WhenReadyAsync(cancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);
        await RunTriggerStore.LockAsync(dbContext, [source], cancellationToken);

        var lease = await dbContext.SourceLeases.AsNoTracking()
            .SingleOrDefaultAsync(l => l.Source == source, cancellationToken);
        if (lease is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new OffsetResetOutcome(false, lease.RunId, null);
        }

        var old = await dbContext.CommittedOffsets.AsNoTracking()
            .Where(o => o.Source == source && o.Stream == stream)
            .Select(o => o.Offset)
            .SingleOrDefaultAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (offset is null)
        {
            await dbContext.CommittedOffsets.Where(o => o.Source == source && o.Stream == stream)
                .ExecuteDeleteAsync(cancellationToken);
        }
        else
        {
            await RunStore.CommitOffsetAsync(dbContext, source, stream, offset, Guid.Empty, now, cancellationToken);
        }
        var audit = new OffsetAuditEntry
        {
            Source = source,
            Stream = stream,
            OldOffset = old,
            NewOffset = offset,
            RequestedBy = requestedBy.Trim(),
            Reason = reason.Trim(),
            ResetAt = now,
        };
        dbContext.OffsetAudit.Add(audit);
        await dbContext.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new OffsetResetOutcome(true, null, audit);
    }
}
