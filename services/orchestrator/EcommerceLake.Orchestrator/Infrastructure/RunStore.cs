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
