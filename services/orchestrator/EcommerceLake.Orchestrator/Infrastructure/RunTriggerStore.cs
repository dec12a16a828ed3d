using EcommerceLake.Contracts;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Infrastructure;

/// <summary>
/// The per-source rows of <c>orchestrator.run_triggers</c>. Admission, the end of a run and offset resets each call
/// <see cref="LockAsync"/> first in their transaction, so the three are serialized per source: an automatic request
/// refused because the source is busy either marks the follow-up before the active run ends (and that run's end sees
/// the mark), or runs after it (and finds the source free). Rows are locked in source-name order, so concurrent
/// callers over overlapping sources queue instead of deadlocking.
/// </summary>
internal static class RunTriggerStore
{
    /// <summary>
    /// Creates the rows of <paramref name="sources"/> when missing and locks them (<c>FOR UPDATE</c>) until the
    /// transaction ends.
    /// </summary>
    public static async Task LockAsync(
        OrchestratorDbContext dbContext, IEnumerable<string> sources, CancellationToken cancellationToken)
    {
        var names = Sorted(sources);
        if (names.Length == 0) return;
        await dbContext.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO orchestrator.run_triggers (source)
             SELECT s FROM unnest({names}::text[]) AS s ORDER BY s
             ON CONFLICT (source) DO NOTHING
             """,
            cancellationToken);
        await dbContext.Database.ExecuteSqlAsync(
            $"SELECT source FROM orchestrator.run_triggers WHERE source = ANY({names}) ORDER BY source FOR UPDATE",
            cancellationToken);
    }

    /// <summary>
    /// Marks one follow-up run pending for each of <paramref name="sources"/> (rows locked by <see cref="LockAsync"/>).
    /// The first request's trigger and requester are kept; later ones only count.
    /// </summary>
    public static Task MarkPendingAsync(OrchestratorDbContext dbContext, IEnumerable<string> sources,
        RunTrigger trigger, string requestedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var names = Sorted(sources);
        var triggerName = WireName.Of(trigger);
        return dbContext.Database.ExecuteSqlAsync(
            $"""
             UPDATE orchestrator.run_triggers
             SET pending = true,
                 pending_trigger = CASE WHEN pending THEN pending_trigger ELSE {triggerName} END,
                 pending_requested_by = CASE WHEN pending THEN pending_requested_by ELSE {requestedBy} END,
                 pending_since = CASE WHEN pending THEN pending_since ELSE {now} END,
                 pending_count = pending_count + 1
             WHERE source = ANY({names})
             """,
            cancellationToken);
    }

    /// <summary>
    /// Locks the rows of <paramref name="sources"/>, returns the pending follow-ups among them and clears them,
    /// recording <paramref name="followUpRunIds"/>' ids (one per returned source, chosen by the caller's factory).
    /// </summary>
    public static async Task<IReadOnlyList<(PendingFollowUp FollowUp, Guid RunId)>> TakePendingAsync(
        OrchestratorDbContext dbContext, IEnumerable<string> sources, Func<Guid> followUpRunIds,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var names = Sorted(sources);
        if (names.Length == 0) return [];
        await LockAsync(dbContext, names, cancellationToken);
        var pending = await dbContext.Database.SqlQuery<PendingFollowUp>(
                $"""
                 SELECT source, coalesce(pending_trigger, 'event') AS trigger,
                        coalesce(pending_requested_by, 'orchestrator') AS requested_by, pending_count AS count
                 FROM orchestrator.run_triggers
                 WHERE source = ANY({names}) AND pending
                 ORDER BY source
                 """)
            .ToListAsync(cancellationToken);
        var taken = new List<(PendingFollowUp, Guid)>();
        foreach (var followUp in pending)
        {
            var runId = followUpRunIds();
            await dbContext.Database.ExecuteSqlAsync(
                $"""
                 UPDATE orchestrator.run_triggers
                 SET pending = false, pending_trigger = NULL, pending_requested_by = NULL, pending_since = NULL,
                     pending_count = 0,
                     last_follow_up_run = {runId}, last_follow_up_at = {now}
                 WHERE source = {followUp.Source}
                 """,
                cancellationToken);
            taken.Add((followUp, runId));
        }
        return taken;
    }

    private static string[] Sorted(IEnumerable<string> sources) =>
        sources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
