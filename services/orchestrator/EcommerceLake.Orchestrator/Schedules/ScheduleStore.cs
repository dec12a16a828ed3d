using System.Diagnostics;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Outbox;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EcommerceLake.Orchestrator.Schedules;

/// <summary>
/// The schedules' rows in <c>orchestrator.schedules</c> (migration 0008): one per configured source, holding the next
/// tick not yet requested. <see cref="ClaimDueAsync"/> requests a due tick's run under the row's lock and moves the
/// next tick forward in the same transaction, writing the <see cref="RequestRun"/> to the run outbox
/// (<c>orchestrator.outbox_messages</c>, published by <see cref="OutboxRelay"/>): however many orchestrator
/// instances check, each tick is requested once, and a crash between the commit and the publish loses nothing
/// (pattern: transactional outbox).
/// </summary>
public sealed class ScheduleStore(
    IOptions<OrchestratorConnectionOptions> connection, OrchestratorSchema schema, OutboxSignal signal)
{
    private static readonly string RequestRunType = PostgresRunOutbox.TypeName(typeof(RequestRun));

    /// <summary>
    /// Makes the rows match <paramref name="schedules"/>: a new schedule's first tick is the first after
    /// <paramref name="now"/>; a schedule whose expression or zone changed starts again from
    /// <paramref name="now"/>; an unchanged one keeps its next tick (so a tick missed while no orchestrator ran is
    /// still due); rows of schedules no longer configured are removed.
    /// </summary>
    /// <exception cref="NpgsqlException">The database could not be reached; nothing changed.</exception>
    public async Task SyncAsync(IReadOnlyCollection<RunSchedule> schedules, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var db = await OpenAsync(cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await using (var delete = new NpgsqlCommand(
            "DELETE FROM orchestrator.schedules WHERE NOT (source = ANY(@sources))", db, transaction))
        {
            delete.Parameters.AddWithValue("sources", schedules.Select(s => s.Source).ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var schedule in schedules.OrderBy(s => s.Source, StringComparer.Ordinal))
        {
            await using var upsert = new NpgsqlCommand(
                """
                INSERT INTO orchestrator.schedules (source, expression, time_zone, next_due_at, updated_at)
                VALUES (@source, @expression, @zone, @next, @now)
                ON CONFLICT (source) DO UPDATE
                SET expression = EXCLUDED.expression, time_zone = EXCLUDED.time_zone,
                    next_due_at = EXCLUDED.next_due_at, updated_at = EXCLUDED.updated_at
                WHERE orchestrator.schedules.expression <> EXCLUDED.expression
                   OR orchestrator.schedules.time_zone <> EXCLUDED.time_zone
                """, db, transaction);
            upsert.Parameters.AddWithValue("source", schedule.Source);
            upsert.Parameters.AddWithValue("expression", schedule.Expression);
            upsert.Parameters.AddWithValue("zone", schedule.TimeZone.Id);
            upsert.Parameters.AddWithValue("next", (object?)schedule.NextAfter(now) ?? DBNull.Value);
            upsert.Parameters.AddWithValue("now", now);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// If <paramref name="schedule"/>'s next tick is at or before <paramref name="now"/>, requests one run for the
    /// latest tick up to <paramref name="now"/> (earlier missed ticks are counted, not run: Airflow's
    /// <c>catchup=False</c>) and moves the next tick past <paramref name="now"/>; the row is locked meanwhile, so a
    /// concurrent instance finds the tick taken.
    /// </summary>
    /// <returns>The claim (null when nothing was due or another instance took it, or the row is missing) and the
    /// schedule's next tick after this call (null when it never ticks again).</returns>
    /// <exception cref="NpgsqlException">The database could not be reached; nothing was requested.</exception>
    public async Task<(ScheduleClaim? Claim, DateTimeOffset? NextDue)> ClaimDueAsync(
        RunSchedule schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var db = await OpenAsync(cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        DateTimeOffset? nextDue;
        await using (var select = new NpgsqlCommand(
            "SELECT next_due_at FROM orchestrator.schedules WHERE source = @source FOR UPDATE", db, transaction))
        {
            select.Parameters.AddWithValue("source", schedule.Source);
            var value = await select.ExecuteScalarAsync(cancellationToken);
            if (value is null) return (null, null);
            nextDue = value is DBNull ? null : new DateTimeOffset((DateTime)value, TimeSpan.Zero);
        }
        if (nextDue is not { } from || schedule.LatestDue(from, now) is not { } latest) return (null, nextDue);

        var claim = new ScheduleClaim(NewId.NextGuid(), latest.Due, latest.Ticks);
        var request = new RequestRun
        {
            RunId = claim.RunId,
            Sources = [schedule.Source],
            Trigger = RunTrigger.Schedule,
            RequestedBy = "scheduler",
        };
        await using (var outbox = new NpgsqlCommand(
            """
            INSERT INTO orchestrator.outbox_messages (run_id, message_type, body, trace_parent, created_at)
            VALUES (@run, @type, @body::jsonb, @trace, @now)
            """, db, transaction))
        {
            outbox.Parameters.AddWithValue("run", claim.RunId);
            outbox.Parameters.AddWithValue("type", RequestRunType);
            outbox.Parameters.AddWithValue("body", JsonSerializer.Serialize(request, PostgresRunOutbox.Json));
            outbox.Parameters.AddWithValue("trace", (object?)Activity.Current?.Id ?? DBNull.Value);
            outbox.Parameters.AddWithValue("now", now);
            await outbox.ExecuteNonQueryAsync(cancellationToken);
        }
        nextDue = schedule.NextAfter(now);
        await using (var update = new NpgsqlCommand(
            """
            UPDATE orchestrator.schedules
            SET next_due_at = @next, last_due_at = @due, last_run_id = @run, last_fired_at = @now,
                last_ticks = @ticks, updated_at = @now
            WHERE source = @source
            """, db, transaction))
        {
            update.Parameters.AddWithValue("next", (object?)nextDue ?? DBNull.Value);
            update.Parameters.AddWithValue("due", claim.Due);
            update.Parameters.AddWithValue("run", claim.RunId);
            update.Parameters.AddWithValue("now", now);
            update.Parameters.AddWithValue("ticks", claim.Ticks);
            update.Parameters.AddWithValue("source", schedule.Source);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
        return (claim, nextDue);
    }

    /// <summary>Every schedule's row with what its last request became (see
    /// <see cref="ScheduleState.LastRunState"/>), in source order.</summary>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<IReadOnlyList<ScheduleState>> ListAsync(CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var db = await OpenAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            """
            SELECT s.source, s.expression, s.time_zone, s.next_due_at, s.last_due_at, s.last_fired_at, s.last_ticks,
                   s.last_run_id,
                   CASE WHEN s.last_run_id IS NULL THEN NULL
                        WHEN r.current_state IS NOT NULL AND r.current_state <> 'Initial' THEN r.current_state
                        WHEN f.run_id IS NOT NULL THEN 'Refused'
                        WHEN EXISTS (SELECT 1 FROM orchestrator.outbox_messages AS m WHERE m.run_id = s.last_run_id)
                            THEN 'Requested'
                        WHEN t.pending_since >= s.last_fired_at OR t.last_follow_up_at >= s.last_fired_at
                            THEN 'Coalesced'
                        ELSE 'Requested' END
            FROM orchestrator.schedules AS s
            LEFT JOIN orchestrator.pipeline_runs AS r ON r.run_id = s.last_run_id
            LEFT JOIN orchestrator.run_refusals AS f ON f.run_id = s.last_run_id
            LEFT JOIN orchestrator.run_triggers AS t ON t.source = s.source
            ORDER BY s.source
            """, db);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var states = new List<ScheduleState>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var expression = reader.GetString(1);
            states.Add(new ScheduleState
            {
                Source = reader.GetString(0),
                Kind = RunSchedule.KindOf(expression),
                Expression = expression,
                TimeZone = reader.GetString(2),
                NextDueAt = Time(reader, 3),
                LastDueAt = Time(reader, 4),
                LastRequestedAt = Time(reader, 5),
                LastTicks = reader.GetInt64(6),
                LastRunId = reader.IsDBNull(7) ? null : reader.GetGuid(7),
                LastRunState = reader.IsDBNull(8) ? null : reader.GetString(8),
            });
        }
        return states;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var db = new NpgsqlConnection(connection.Value.Orchestrator);
        await db.OpenAsync(cancellationToken);
        return db;
    }
}
