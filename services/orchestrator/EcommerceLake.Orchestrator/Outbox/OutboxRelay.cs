using System.Diagnostics;
using System.Text.Json;
using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator.Infrastructure;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EcommerceLake.Orchestrator.Outbox;

/// <summary>
/// Hosted service that publishes the run saga's outbox (<see cref="PostgresRunOutbox"/>): on every
/// <see cref="OutboxSignal"/> and at least every second, it takes up to 100 rows in id order with
/// <c>FOR UPDATE SKIP LOCKED</c> (so several orchestrator instances share the work), publishes each on the bus under
/// the trace it was written in, and deletes them in the same transaction. A crash after a publish and before the
/// commit publishes that row again: delivery is at least once, and every consumer of these messages is idempotent.
/// A failing publish (broker down) is logged and retried on the next pass; the rows stay. So is a publish the transport
/// has not confirmed within <c>Bus:PublishTimeout</c> (<see cref="BusOptions.PublishTimeout"/>: on RabbitMQ a confirm
/// lost with a dropped connection would otherwise hold the relay, and every run with it, forever). Nothing is published
/// before the host has started, so the bus's queues are bound.
/// </summary>
public sealed class OutboxRelay(
    IOptions<OrchestratorConnectionOptions> connection,
    OrchestratorSchema schema,
    OutboxSignal signal,
    IBus bus,
    IHostApplicationLifetime lifetime,
    IOptions<BusOptions> busOptions,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private static readonly ActivitySource Activity = new(LakeTelemetry.Orchestrator);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await schema.WhenReadyAsync(stoppingToken);
            // Publish only once the host (and with it the bus: AddLakeBus waits for it) has started.
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    while (await RelayOnceAsync(stoppingToken) > 0)
                    {
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Publishing the outbox failed; the messages stay and are tried again");
                }
                await signal.WaitAsync(Poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Publishes and deletes one batch of outbox rows.</summary>
    /// <returns>How many messages were published.</returns>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    /// <exception cref="TimeoutException">A publish was not confirmed within <c>Bus:PublishTimeout</c>; nothing was
    /// deleted.</exception>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await using var db = await connection.Value.OpenAsync(cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var rows = new List<(long Id, string Type, string Body, string? TraceParent)>();
        await using (var select = new NpgsqlCommand(
            "SELECT id, message_type, body::text, trace_parent FROM orchestrator.outbox_messages " +
            "ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED", db, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        if (rows.Count == 0) return 0;
        foreach (var row in rows) await PublishAsync(row.Type, row.Body, row.TraceParent, cancellationToken);
        await using (var delete = new NpgsqlCommand(
            "DELETE FROM orchestrator.outbox_messages WHERE id = ANY(@ids)", db, transaction))
        {
            delete.Parameters.AddWithValue("ids", rows.Select(r => r.Id).ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private async Task PublishAsync(
        string typeName, string body, string? traceParent, CancellationToken cancellationToken)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;
        var message = JsonSerializer.Deserialize(body, type, PostgresRunOutbox.Json)!;
        var parent = ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
        using var span = Activity.StartActivity("outbox publish " + type.Name, ActivityKind.Producer, parent);
        await bus.PublishWithinAsync(message, type, busOptions.Value.PublishTimeout, cancellationToken);
    }
}
