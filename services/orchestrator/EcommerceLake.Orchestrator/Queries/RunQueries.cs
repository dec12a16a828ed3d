using EcommerceLake.Orchestrator.Data;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Queries;

/// <summary>
/// Read-only queries over the orchestrator's tables, for the HTTP API and for the CLI in-process. Each call uses its
/// own DbContext without tracking.
/// </summary>
public sealed class RunQueries(IDbContextFactory<OrchestratorDbContext> dbContextFactory)
{
    /// <summary>The latest <paramref name="limit"/> runs, newest first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public async Task<IReadOnlyList<RunSummary>> ListRunsAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var runs = await dbContext.Runs.AsNoTracking()
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.CorrelationId)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return runs.Select(RunSummary.From).ToList();
    }

    /// <summary>The run <paramref name="runId"/> with its streams, or null when no such run was admitted.</summary>
    public async Task<RunDetails?> GetRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var run = await dbContext.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.CorrelationId == runId, cancellationToken);
        return run is null ? null : RunDetails.From(run);
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
}
