using EcommerceLake.Orchestrator.StreamControl;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Infrastructure;

/// <summary>
/// Writes and reads that saga activities make through the attempt's DbContext (inside its transaction).
/// </summary>
internal static class RunStore
{
    /// <summary>Committed offsets of every stream of <paramref name="sources"/>, keyed by (source, stream).</summary>
    public static async Task<Dictionary<(string Source, string Stream), string>> ReadOffsetsAsync(
        OrchestratorDbContext dbContext, IReadOnlyCollection<string> sources, CancellationToken cancellationToken)
    {
        var names = sources.ToList();
        var offsets = await dbContext.CommittedOffsets.AsNoTracking()
            .Where(o => names.Contains(o.Source))
            .ToListAsync(cancellationToken);
        return offsets.ToDictionary(o => (o.Source, o.Stream), o => o.Offset);
    }

    /// <summary>Switches of every stream of <paramref name="sources"/> that has a row, keyed by (source,
    /// stream).</summary>
    public static async Task<Dictionary<(string Source, string Stream), StreamSwitches>> ReadSwitchesAsync(
        OrchestratorDbContext dbContext, IReadOnlyCollection<string> sources, CancellationToken cancellationToken)
    {
        var names = sources.ToList();
        var switches = await dbContext.StreamSwitches.AsNoTracking()
            .Where(s => names.Contains(s.Source))
            .ToListAsync(cancellationToken);
        return switches.ToDictionary(s => (s.Source, s.Stream));
    }

    /// <summary>
    /// Clears the force-full switch of <paramref name="source"/>.<paramref name="stream"/> if it was set at or before
    /// <paramref name="startedAt"/>.
    /// </summary>
    public static Task ClearForceFullAsync(OrchestratorDbContext dbContext, string source, string stream,
        DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        dbContext.Database.ExecuteSqlAsync(
            $"""
             UPDATE orchestrator.stream_controls
             SET force_full = false, force_full_by = NULL, force_full_reason = NULL, force_full_at = NULL
             WHERE source = {source} AND stream = {stream} AND force_full AND force_full_at <= {startedAt}
             """,
            cancellationToken);

    /// <summary>
    /// Upserts the <c>stream_freshness</c> row of a load: <c>last_loaded_*</c> always, <c>last_data_*</c> only when
    /// <paramref name="landRows"/> &gt; 0.
    /// </summary>
    public static Task RecordLoadAsync(OrchestratorDbContext dbContext, string source, string stream, Guid runId,
        long landRows, DateTimeOffset loadedAt, CancellationToken cancellationToken) =>
        dbContext.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO orchestrator.stream_freshness AS f (source, stream, first_seen_at, last_data_at,
                 last_data_run_id, last_data_rows, last_loaded_at, last_loaded_run_id)
             VALUES ({source}, {stream}, {loadedAt}, CASE WHEN {landRows} > 0 THEN {loadedAt} END,
                 CASE WHEN {landRows} > 0 THEN {runId} END, CASE WHEN {landRows} > 0 THEN {landRows} END,
                 {loadedAt}, {runId})
             ON CONFLICT (source, stream) DO UPDATE
             SET last_loaded_at = EXCLUDED.last_loaded_at, last_loaded_run_id = EXCLUDED.last_loaded_run_id,
                 last_data_at = COALESCE(EXCLUDED.last_data_at, f.last_data_at),
                 last_data_run_id = COALESCE(EXCLUDED.last_data_run_id, f.last_data_run_id),
                 last_data_rows = COALESCE(EXCLUDED.last_data_rows, f.last_data_rows)
             """,
            cancellationToken);

    /// <summary>
    /// Sets the committed offset of <paramref name="source"/>.<paramref name="stream"/> (insert or update).
    /// </summary>
    public static Task CommitOffsetAsync(OrchestratorDbContext dbContext, string source, string stream, string offset,
        Guid runId, DateTimeOffset committedAt, CancellationToken cancellationToken) =>
        dbContext.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO orchestrator.committed_offsets (source, stream, "offset", run_id, committed_at)
             VALUES ({source}, {stream}, {offset}, {runId}, {committedAt})
             ON CONFLICT (source, stream) DO UPDATE
             SET "offset" = EXCLUDED."offset", run_id = EXCLUDED.run_id, committed_at = EXCLUDED.committed_at
             """,
            cancellationToken);

    /// <summary>Deletes the source leases held by <paramref name="runId"/>; returns how many there were.</summary>
    public static Task<int> ReleaseLeasesAsync(
        OrchestratorDbContext dbContext, Guid runId, CancellationToken cancellationToken) =>
        dbContext.SourceLeases.Where(l => l.RunId == runId).ExecuteDeleteAsync(cancellationToken);
}
