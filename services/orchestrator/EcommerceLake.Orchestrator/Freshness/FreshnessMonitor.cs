using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Lineage;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Freshness;

/// <summary>
/// Hosted service: every <c>Freshness:CheckInterval</c> (a <see cref="PeriodicTimer"/> on the registered
/// <see cref="TimeProvider"/>) measures every stream of the catalog (<see cref="FreshnessQueries"/>), publishes the
/// measures to <see cref="FreshnessMetrics"/>, raises one <c>stale-source</c> warning per breach (naming the marts
/// tables the stream holds back, <see cref="LineageImpact"/>) through
/// <see cref="AlertRaiser"/> (the alert key holds the time the breach is measured from, so repeated checks and several
/// orchestrator instances raise it once), and clears the open alert once the stream is no longer stale — data arrived
/// (or its cadence was lengthened): <c>alerts.cleared_at</c> is set and <see cref="AlertCleared"/> published, once.
/// A paused stream raises nothing and keeps an open alert open. Streams no run has loaded yet are measured from the
/// first check that saw them.
/// </summary>
public sealed class FreshnessMonitor(
    IDbContextFactory<OrchestratorDbContext> dbContextFactory, OrchestratorSchema schema, StreamCatalog catalog,
    FreshnessQueries freshness, AlertRaiser alerts, IBus bus, TimeProvider time, IOptions<FreshnessOptions> options,
    ILogger<FreshnessMonitor> logger) : PeriodicCheck(time, options.Value.CheckInterval, logger)
{
    /// <inheritdoc />
    protected override string Description => "Checking stream freshness";

    /// <summary>Checks every stream once.</summary>
    /// <returns>How many stale-source alerts this check raised.</returns>
    /// <exception cref="Npgsql.PostgresException">The database failed; the next check tries again.</exception>
    public override async Task<int> CheckOnceAsync(CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        var now = Clock.GetUtcNow();
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var sources = catalog.All.Select(s => s.Source).ToArray();
        var streams = catalog.All.Select(s => s.Stream).ToArray();
        await dbContext.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO orchestrator.stream_freshness (source, stream, first_seen_at)
             SELECT s.source, s.stream, {now} FROM unnest({sources}, {streams}) AS s(source, stream)
             ON CONFLICT (source, stream) DO NOTHING
             """, cancellationToken);
        var arrivals = (await dbContext.DataArrivals.AsNoTracking().ToListAsync(cancellationToken))
            .ToDictionary(a => (a.Source, a.Stream));
        var paused = (await dbContext.StreamSwitches.AsNoTracking().Where(s => s.Paused)
            .Select(s => new { s.Source, s.Stream }).ToListAsync(cancellationToken))
            .Select(s => (s.Source, s.Stream)).ToHashSet();

        var raised = 0;
        var snapshot = new List<(string, string, StreamFreshness)>();
        foreach (var spec in catalog.All)
        {
            var arrival = arrivals.GetValueOrDefault((spec.Source, spec.Stream));
            var measure = freshness.Measure(spec.Source, spec.Stream, arrival,
                paused.Contains((spec.Source, spec.Stream)), now);
            snapshot.Add((spec.Source, spec.Stream, measure));
            if (arrival is null) continue;
            if (measure.State == FreshnessState.Stale && arrival.StaleAlertKey is null)
            {
                if (await RaiseAsync(dbContext, spec, arrival, measure, now, cancellationToken)) raised++;
            }
            else if (measure.State is FreshnessState.Fresh or FreshnessState.Waiting
                     && arrival.StaleAlertKey is { } key)
            {
                await ClearAsync(dbContext, spec, key, measure, now, cancellationToken);
            }
        }
        FreshnessMetrics.Publish(this, snapshot);
        return raised;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        FreshnessMetrics.Withdraw(this);
        base.Dispose();
    }

    private async Task<bool> RaiseAsync(OrchestratorDbContext dbContext, StreamSpec spec, StreamDataArrival arrival,
        StreamFreshness measure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = arrival.LastDataAt ?? arrival.FirstSeenAt;
        var key = $"{WireName.Of(AlertKind.StaleSource)}:{spec.Key}:{since.UtcTicks}";
        var cadence = TimeSpan.FromSeconds(measure.ExpectedEverySeconds);
        var what = arrival.LastDataAt is { } last
            ? $"no new data for {AlertMonitor.Describe(now - last)} (last data {last:u}, run {arrival.LastDataRunId})"
            : $"no data since monitoring began {AlertMonitor.Describe(now - since)} ago ({since:u})";
        var raised = await alerts.RaiseAsync(key, new AlertRaised
        {
            Kind = AlertKind.StaleSource,
            Severity = AlertSeverity.Warning,
            Source = spec.Source,
            Stream = spec.Stream,
            Message = $"{spec.Key} is stale: {what}; expected every {AlertMonitor.Describe(cadence)}"
                + $"{LineageImpact.HoldsBack(catalog, spec.Source, spec.Stream)}.",
            RaisedAt = now,
        }, bus, cancellationToken);
        await dbContext.Database.ExecuteSqlAsync(
            $"""
             UPDATE orchestrator.stream_freshness SET stale_alert_key = {key}, stale_since = {now}
             WHERE source = {spec.Source} AND stream = {spec.Stream} AND stale_alert_key IS NULL
             """, cancellationToken);
        return raised;
    }

    private async Task ClearAsync(OrchestratorDbContext dbContext, StreamSpec spec, string key,
        StreamFreshness measure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);
        var cleared = await AlertRaiser.ClearWithinAsync(dbContext, key, new AlertCleared
        {
            Kind = AlertKind.StaleSource,
            Source = spec.Source,
            Stream = spec.Stream,
            Message = measure.LastDataAt is { } last
                ? $"{spec.Key} is fresh again: data arrived at {last:u} (run {measure.LastDataRunId})."
                : $"{spec.Key} is no longer stale (its expected cadence changed).",
            RaisedAt = now,
            ClearedAt = now,
        }, bus, cancellationToken);
        await dbContext.Database.ExecuteSqlAsync(
            $"""
             UPDATE orchestrator.stream_freshness SET stale_alert_key = NULL, stale_since = NULL
             WHERE source = {spec.Source} AND stream = {spec.Stream} AND stale_alert_key = {key}
             """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (cleared)
            logger.LogInformation("Alert {Kind} of {Stream} cleared: data arrived",
                WireName.Of(AlertKind.StaleSource), spec.Key);
    }
}
