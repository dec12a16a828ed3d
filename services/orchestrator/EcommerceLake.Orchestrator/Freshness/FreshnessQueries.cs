using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.StreamControl;
using EcommerceLake.Streams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Freshness;

/// <summary>
/// Every stream of the catalog with its switches, committed offset and freshness, measured now on the registered
/// <see cref="TimeProvider"/> against the cadence of <see cref="FreshnessOptions"/>. Read-only; one DbContext per call.
/// </summary>
public sealed class FreshnessQueries(
    IDbContextFactory<OrchestratorDbContext> dbContextFactory, OrchestratorSchema schema, StreamCatalog catalog,
    IOptions<FreshnessOptions> options, TimeProvider time)
{
    /// <summary>Every stream of the catalog, by source then stream.</summary>
    /// <exception cref="Npgsql.PostgresException">The database failed.</exception>
    public async Task<IReadOnlyList<StreamView>> ListStreamsAsync(CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var switches = (await dbContext.StreamSwitches.AsNoTracking().ToListAsync(cancellationToken))
            .ToDictionary(s => (s.Source, s.Stream));
        var offsets = (await dbContext.CommittedOffsets.AsNoTracking().ToListAsync(cancellationToken))
            .ToDictionary(o => (o.Source, o.Stream));
        var arrivals = (await dbContext.DataArrivals.AsNoTracking().ToListAsync(cancellationToken))
            .ToDictionary(a => (a.Source, a.Stream));
        var now = time.GetUtcNow();
        return catalog.All
            .OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Stream, StringComparer.Ordinal)
            .Select(spec =>
            {
                var key = (spec.Source, spec.Stream);
                var control = switches.GetValueOrDefault(key);
                var offset = offsets.GetValueOrDefault(key);
                var freshness = Measure(spec.Source, spec.Stream, arrivals.GetValueOrDefault(key),
                    control is { Paused: true }, now);
                return new StreamView(spec.Source, spec.Stream, control?.Paused ?? false, control?.PausedBy,
                    control?.PausedReason, control?.PausedAt, control?.ForceFull ?? false, control?.ForceFullBy,
                    control?.ForceFullReason, control?.ForceFullAt, offset?.Offset, offset?.CommittedAt, freshness);
            })
            .ToList();
    }

    /// <summary>
    /// The freshness of one stream at <paramref name="now"/> from its arrival row (null: never seen, measured from
    /// <paramref name="now"/>).
    /// </summary>
    public StreamFreshness Measure(string source, string stream, StreamDataArrival? arrival, bool paused,
        DateTimeOffset now)
    {
        var cadence = options.Value.ExpectedEvery(source, stream);
        var since = arrival?.LastDataAt ?? arrival?.FirstSeenAt ?? now;
        var lag = now - since - cadence;
        var state = paused ? FreshnessState.Paused
            : lag > TimeSpan.Zero ? FreshnessState.Stale
            : arrival?.LastDataAt is null ? FreshnessState.Waiting
            : FreshnessState.Fresh;
        return new StreamFreshness(state, cadence.TotalSeconds, arrival?.LastDataAt, arrival?.LastDataRunId,
            arrival?.LastDataRows, arrival?.LastLoadedAt,
            arrival?.LastDataAt is { } last ? (now - last).TotalSeconds : null,
            Math.Max(0, lag.TotalSeconds), arrival?.FirstSeenAt, arrival?.StaleSince, now);
    }
}
