using System.Diagnostics;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Outbox;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EcommerceLake.Orchestrator.Schedules;

/// <summary>
/// The schedules' rows in <c>orchestrator.schedules</c> (migration 0008): one per configured source, holding the next
/// tick not yet requested. <see cref="ClaimDueAsync"/> requests a due tick's run under the row's lock and moves the
/// next tick forward in the same transaction, writing the <see cref="RequestRun"/> to the run outbox
/// (<c>orchestrator.outbox_messages</c>, published by <see cref="OutboxRelay"/>): however many orchestrator
/// instances check, each tick is requested once, and a crash between the commit and the publish loses nothing
/// (pattern: transactional outbox). A paused schedule (<see cref="SwitchAsync"/>, migration 0009) lets its ticks
/// pass without runs.
/// </summary>
public sealed class ScheduleStore(
    IOptions<OrchestratorConnectionOptions> connection, OrchestratorSchema schema, OutboxSignal signal,
    ILogger<ScheduleStore> logger)
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
        await using var db = await connection.Value.OpenAsync(cancellationToken);
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
    /// <remarks>While the schedule is paused a due tick requests nothing: the next tick moves past
    /// <paramref name="now"/> all the same and the passed ticks are counted (<see cref="ScheduleState.PausedTicks"/>).
    /// </remarks>
    /// <returns>The claim (null when nothing was due or another instance took it, the schedule is paused, or the row
    /// is missing) and the schedule's next tick after this call (null when it never ticks again).</returns>
    /// <exception cref="NpgsqlException">The database could not be reached; nothing was requested.</exception>
    public async Task<(ScheduleClaim? Claim, DateTimeOffset? NextDue)> ClaimDueAsync(
        RunSchedule schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var db = await connection.Value.OpenAsync(cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        DateTimeOffset? nextDue;
        bool paused;
        await using (var select = new NpgsqlCommand(
            "SELECT next_due_at, paused_at IS NOT NULL FROM orchestrator.schedules WHERE source = @source FOR UPDATE",
            db, transaction))
        {
            select.Parameters.AddWithValue("source", schedule.Source);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return (null, null);
            nextDue = reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0);
            paused = reader.GetBoolean(1);
        }
        if (nextDue is not { } from || schedule.LatestDue(from, now) is not { } latest) return (null, nextDue);
        if (paused) return (null, await PassPausedAsync(db, transaction, schedule, latest, now, cancellationToken));

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

    /// <summary>Moves a paused schedule's next tick past <paramref name="now"/>, counting the passed ticks.</summary>
    private async Task<DateTimeOffset?> PassPausedAsync(NpgsqlConnection db, NpgsqlTransaction transaction,
        RunSchedule schedule, (DateTimeOffset Due, long Ticks) latest, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var nextDue = schedule.NextAfter(now);
        await using (var update = new NpgsqlCommand(
            """
            UPDATE orchestrator.schedules
            SET next_due_at = @next, paused_ticks = paused_ticks + @ticks, updated_at = @now
            WHERE source = @source
            """, db, transaction))
        {
            update.Parameters.AddWithValue("next", (object?)nextDue ?? DBNull.Value);
            update.Parameters.AddWithValue("ticks", latest.Ticks);
            update.Parameters.AddWithValue("now", now);
            update.Parameters.AddWithValue("source", schedule.Source);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Schedule: {Source} is paused; the tick of {Due:u} passed without a run (next {Next:u})",
            schedule.Source, latest.Due, nextDue);
        return nextDue;
    }

    /// <summary>
    /// Pauses or resumes the schedule of <paramref name="source"/> when <paramref name="configured"/> has one, and
    /// audits it, in one transaction; the configured schedules are written to their table first when no scheduler has
    /// yet (one does at its first check after start). A pause keeps the time of an earlier one still in force, with
    /// the new principal and reason; a resume runs from the schedule's next tick after <paramref name="now"/> (the
    /// ticks passed while paused are not caught up, even when no orchestrator checked them).
    /// </summary>
    /// <returns>The audit entry; null when <paramref name="configured"/> has no schedule of
    /// <paramref name="source"/>.</returns>
    /// <exception cref="NpgsqlException">The database could not be reached; nothing changed.</exception>
    public async Task<ScheduleAuditEntry?> SwitchAsync(string source, ScheduleAction action, string requestedBy,
        string reason, IReadOnlyCollection<RunSchedule> configured, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (configured.FirstOrDefault(s => s.Source == source) is not { } schedule) return null;
        if (await SetPausedAsync(schedule, action, requestedBy, reason, now, cancellationToken) is { } audit)
            return audit;
        await SyncAsync(configured, now, cancellationToken);
        return await SetPausedAsync(schedule, action, requestedBy, reason, now, cancellationToken);
    }

    /// <summary>Pauses or resumes <paramref name="schedule"/>'s row and audits it (see <see cref="SwitchAsync"/>);
    /// null when it has no row.</summary>
    private async Task<ScheduleAuditEntry?> SetPausedAsync(RunSchedule schedule, ScheduleAction action,
        string requestedBy, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var source = schedule.Source;
        await schema.WhenReadyAsync(cancellationToken);
        await using var db = await connection.Value.OpenAsync(cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand(action == ScheduleAction.Pause
            ? """
              UPDATE orchestrator.schedules
              SET paused_by = @by, paused_reason = @reason, paused_at = COALESCE(paused_at, @now),
                  paused_ticks = CASE WHEN paused_at IS NULL THEN 0 ELSE paused_ticks END, updated_at = @now
              WHERE source = @source
              """
            : """
              UPDATE orchestrator.schedules
              SET paused_by = NULL, paused_reason = NULL, paused_at = NULL, paused_ticks = 0, updated_at = @now,
                  next_due_at = CASE WHEN next_due_at <= @now THEN @next ELSE next_due_at END
              WHERE source = @source
              """, db, transaction))
        {
            update.Parameters.AddWithValue("next", (object?)schedule.NextAfter(now) ?? DBNull.Value);
            update.Parameters.AddWithValue("by", requestedBy);
            update.Parameters.AddWithValue("reason", reason);
            update.Parameters.AddWithValue("now", now);
            update.Parameters.AddWithValue("source", source);
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0) return null;
        }
        long id;
        await using (var audit = new NpgsqlCommand(
            """
            INSERT INTO orchestrator.schedule_audit (source, action, requested_by, reason, requested_at)
            VALUES (@source, @action, @by, @reason, @now) RETURNING id
            """, db, transaction))
        {
            audit.Parameters.AddWithValue("source", source);
            audit.Parameters.AddWithValue("action", action.ToString());
            audit.Parameters.AddWithValue("by", requestedBy);
            audit.Parameters.AddWithValue("reason", reason);
            audit.Parameters.AddWithValue("now", now);
            id = (long)(await audit.ExecuteScalarAsync(cancellationToken))!;
        }
        await transaction.CommitAsync(cancellationToken);
        return new ScheduleAuditEntry(id, source, action, requestedBy, reason, now);
    }

    /// <summary>The latest <paramref name="limit"/> pauses and resumes, of <paramref name="source"/> or of every
    /// schedule, newest first.</summary>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<IReadOnlyList<ScheduleAuditEntry>> ListAuditAsync(int limit, string? source,
        CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var db = await connection.Value.OpenAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            """
            SELECT id, source, action, requested_by, reason, requested_at FROM orchestrator.schedule_audit
            WHERE @source::text IS NULL OR source = @source ORDER BY id DESC LIMIT @limit
            """, db);
        select.Parameters.AddWithValue("source", (object?)source ?? DBNull.Value);
        select.Parameters.AddWithValue("limit", limit);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ScheduleAuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new ScheduleAuditEntry(reader.GetInt64(0), reader.GetString(1),
                Enum.Parse<ScheduleAction>(reader.GetString(2)), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        return entries;
    }

    /// <summary>Every schedule's row with what its last request became (see
    /// <see cref="ScheduleState.LastRunState"/>), in source order.</summary>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<IReadOnlyList<ScheduleState>> ListAsync(CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var db = await connection.Value.OpenAsync(cancellationToken);
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
                        ELSE 'Requested' END,
                   s.paused_by, s.paused_reason, s.paused_at, s.paused_ticks
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
                PausedBy = reader.IsDBNull(9) ? null : reader.GetString(9),
                PausedReason = reader.IsDBNull(10) ? null : reader.GetString(10),
                PausedAt = Time(reader, 11),
                PausedTicks = reader.GetInt64(12),
            });
        }
        return states;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
