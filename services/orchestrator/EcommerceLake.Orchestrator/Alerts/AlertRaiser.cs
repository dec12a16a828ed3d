using System.Diagnostics.Metrics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Orchestrator.Alerts;

/// <summary>
/// Raises alerts once: the alert is recorded in <c>orchestrator.alerts</c> under its key and published as
/// <see cref="AlertRaised"/> in the same transaction (a key already recorded raises nothing), so redelivered events,
/// repeated checks and several orchestrator instances give one alert each. The webhook POST follows from the event
/// (<see cref="AlertWebhookConsumer"/>).
/// </summary>
public sealed class AlertRaiser(
    IDbContextFactory<OrchestratorDbContext> dbContextFactory, OrchestratorSchema schema, ILogger<AlertRaiser> logger)
{
    /// <summary>Counter <c>lake.alerts</c>: alerts raised, tagged with kind and severity.</summary>
    public static readonly Counter<long> Raised =
        LakeTelemetry.Meter.CreateCounter<long>("lake.alerts", "{alert}", "Alerts raised by the orchestrator.");

    /// <summary>
    /// Records and publishes <paramref name="alert"/> unless an alert with <paramref name="key"/> was raised before.
    /// </summary>
    /// <returns>True when the alert was raised now.</returns>
    /// <exception cref="Npgsql.PostgresException">The database failed; nothing was raised.</exception>
    public async Task<bool> RaiseAsync(
        string key, AlertRaised alert, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);
        var (kind, severity) = (WireName.Of(alert.Kind), WireName.Of(alert.Severity));
        var inserted = await dbContext.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO orchestrator.alerts (alert_key, kind, severity, run_id, source, stream, message, raised_at)
             VALUES ({key}, {kind}, {severity}, {alert.RunId}, {alert.Source}, {alert.Stream}, {alert.Message},
                 {alert.RaisedAt})
             ON CONFLICT (alert_key) DO NOTHING
             """,
            cancellationToken);
        if (inserted == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        await publish.Publish(alert, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Raised.Add(1, new KeyValuePair<string, object?>("lake.alert.kind", kind),
            new KeyValuePair<string, object?>("lake.alert.severity", severity));
        logger.Log(alert.Severity == AlertSeverity.Error ? LogLevel.Error : LogLevel.Warning,
            "ALERT {Kind} ({Severity}) run {RunId} {Source}.{Stream}: {Message}",
            kind, severity, alert.RunId, alert.Source, alert.Stream, alert.Message);
        return true;
    }

    /// <summary>
    /// Clears the open alert <paramref name="key"/> in a transaction of its own: see <see cref="ClearWithinAsync"/>.
    /// </summary>
    /// <returns>True when the alert was cleared now.</returns>
    /// <exception cref="Npgsql.PostgresException">The database failed; nothing was cleared.</exception>
    public async Task<bool> ClearAsync(
        string key, AlertCleared cleared, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);
        if (!await ClearWithinAsync(dbContext, key, cleared, publish, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Alert {Kind} cleared: {Message}", WireName.Of(cleared.Kind), cleared.Message);
        return true;
    }

    /// <summary>
    /// Clears the open alert <paramref name="key"/> in <paramref name="dbContext"/>'s current transaction, which the
    /// caller commits: sets <c>cleared_at</c> to <paramref name="cleared"/>'s <see cref="AlertCleared.ClearedAt"/> and
    /// publishes <paramref name="cleared"/> with the alert's own raise time in place of its
    /// <see cref="AlertCleared.RaisedAt"/>. The row lock of the update lets one orchestrator instance only see the
    /// alert open, so it alone publishes; an alert cleared before, or never raised, publishes nothing.
    /// </summary>
    /// <returns>True when the alert was open and is cleared by this transaction.</returns>
    /// <exception cref="Npgsql.PostgresException">The database failed.</exception>
    public static async Task<bool> ClearWithinAsync(OrchestratorDbContext dbContext, string key, AlertCleared cleared,
        IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        var alert = (await dbContext.Alerts.FromSql(
                $"""
                 UPDATE orchestrator.alerts SET cleared_at = {cleared.ClearedAt}
                 WHERE alert_key = {key} AND cleared_at IS NULL
                 RETURNING *
                 """).AsNoTracking().ToListAsync(cancellationToken))
            .SingleOrDefault();
        if (alert is null) return false;
        await publish.Publish(cleared with { RaisedAt = alert.RaisedAt }, cancellationToken);
        return true;
    }
}
