using EcommerceLake.Orchestrator.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.StreamControl;

/// <summary>
/// Operator switches of streams, without a spec edit or a redeploy: pause, resume, and force the next run of one
/// stream to be full. Each action sets the stream's row in <c>orchestrator.stream_controls</c> and writes an audit
/// record (who, why, when) in one transaction. Actions never touch committed offsets and never wait for runs: a run
/// reads the switches when it starts (<see cref="Sagas.RunSteps.StartAsync"/>), so a pause or a full run asked for
/// while
/// the stream's source is running applies from the next run on.
/// </summary>
public sealed class StreamControls(
    IDbContextFactory<OrchestratorDbContext> dbContextFactory, OrchestratorSchema schema, TimeProvider time)
{
    /// <summary>
    /// Applies <paramref name="action"/> to <paramref name="source"/>.<paramref name="stream"/> (validated by the
    /// caller against the stream catalog) and audits it. Pausing a paused stream or asking again for a full run keeps
    /// the first who/why/when; every request is audited all the same.
    /// </summary>
    /// <returns>The stream's switches after the action, and the audit record.</returns>
    /// <exception cref="ArgumentException"><paramref name="requestedBy"/> or <paramref name="reason"/> is empty.
    /// </exception>
    /// <exception cref="Npgsql.PostgresException">The database failed; nothing changed.</exception>
    public async Task<(StreamSwitches Switches, StreamControlAuditEntry Audit)> ApplyAsync(string source,
        string stream, StreamControlAction action, string requestedBy, string reason,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        (requestedBy, reason) = (requestedBy.Trim(), reason.Trim());
        await schema.WhenReadyAsync(cancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);
        await dbContext.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO orchestrator.stream_controls (source, stream) VALUES ({source}, {stream})
             ON CONFLICT (source, stream) DO NOTHING
             """, cancellationToken);
        var switches = await dbContext.StreamSwitches
            .FromSql(
                $"""
                 SELECT * FROM orchestrator.stream_controls WHERE source = {source} AND stream = {stream} FOR UPDATE
                 """)
            .SingleAsync(cancellationToken);
        var now = time.GetUtcNow();
        switch (action)
        {
            case StreamControlAction.Pause when !switches.Paused:
                (switches.Paused, switches.PausedBy, switches.PausedReason, switches.PausedAt) =
                    (true, requestedBy, reason, now);
                break;
            case StreamControlAction.Resume:
                (switches.Paused, switches.PausedBy, switches.PausedReason, switches.PausedAt) =
                    (false, null, null, null);
                break;
            case StreamControlAction.ForceFull when !switches.ForceFull:
                (switches.ForceFull, switches.ForceFullBy, switches.ForceFullReason, switches.ForceFullAt) =
                    (true, requestedBy, reason, now);
                break;
        }
        var audit = new StreamControlAuditEntry
        {
            Source = source, Stream = stream, Action = action, RequestedBy = requestedBy, Reason = reason,
            RequestedAt = now,
        };
        dbContext.StreamControlAudit.Add(audit);
        await dbContext.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (switches, audit);
    }

    /// <summary>The latest <paramref name="limit"/> actions, newest first, optionally of one source only.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public async Task<IReadOnlyList<StreamControlAuditEntry>> ListAuditAsync(int limit, string? source,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await schema.WhenReadyAsync(cancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var audit = dbContext.StreamControlAudit.AsNoTracking();
        if (source is not null) audit = audit.Where(a => a.Source == source);
        return await audit.OrderByDescending(a => a.Id).Take(limit).ToListAsync(cancellationToken);
    }
}
