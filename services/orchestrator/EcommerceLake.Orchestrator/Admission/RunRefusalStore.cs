using EcommerceLake.Orchestrator.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Admission;

/// <summary>
/// Keeps refused run requests in <c>orchestrator.run_refusals</c>, so every orchestrator instance can tell a client
/// waiting on a run id that its request was refused, and why.
/// </summary>
public sealed class RunRefusalStore(
    IDbContextFactory<OrchestratorDbContext> dbContextFactory, OrchestratorSchema schema)
{
    /// <summary>
    /// Records <paramref name="refusal"/> unless its run id already has a refusal (a redelivered request keeps the
    /// first). Called before <c>RunRefused</c> is published, so a client that sees the event also finds the row.
    /// </summary>
    /// <exception cref="Npgsql.PostgresException">The database failed; the consumer's retry records it again.
    /// </exception>
    public async Task RecordAsync(RunRefusal refusal, CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var trigger = Contracts.WireName.Of(refusal.Trigger);
        var sources = refusal.Sources.ToArray();
        var streams = refusal.SelectedStreams?.ToArray();
        await dbContext.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO orchestrator.run_refusals (run_id, sources, selected_streams, trigger, requested_by,
                 force_full, reason, active_run_id, trace_id, refused_at)
             VALUES ({refusal.RunId}, {sources}, {streams}, {trigger}, {refusal.RequestedBy}, {refusal.ForceFull},
                 {refusal.Reason}, {refusal.ActiveRunId}, {refusal.TraceId}, {refusal.RefusedAt})
             ON CONFLICT (run_id) DO NOTHING
             """,
            cancellationToken);
    }
}
