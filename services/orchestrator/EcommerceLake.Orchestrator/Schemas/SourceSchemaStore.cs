using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EcommerceLake.Orchestrator.Schemas;

/// <summary>The latest schema drift seen per stream, in <c>orchestrator.source_schemas</c> (migration 0011): written
/// from <see cref="StreamExtracted.SchemaDrift"/> by <see cref="SchemaDriftConsumer"/>, read by the API, the CLI and
/// the dashboard.</summary>
public sealed class SourceSchemaStore(IOptions<OrchestratorConnectionOptions> connection, OrchestratorSchema schema)
{
    /// <summary>Replaces the stream's row with <paramref name="drift"/>, seen by run <paramref name="runId"/>'s
    /// extraction at <paramref name="at"/>, and the key of the alert that belongs to it: null for no drift; the key
    /// the row holds while the same drift (<paramref name="signature"/>, which names its columns) is seen again, so
    /// its start and its alert are kept; else <c>{signature}@{runId}</c>, a new alert, also for a drift that comes
    /// back after the source matched.
    /// <para>An observation of a run created before the run the row holds (a redelivered <c>StreamExtracted</c> that
    /// arrives after a later run's, runs ordered by <c>pipeline_runs.created_at</c>) changes nothing: the row keeps
    /// the newer one. A row whose run is no longer kept (history pruning) is replaced.</para>
    /// </summary>
    /// <returns>The alert key the row held before and the one it holds now: the alert to clear when they differ, and
    /// the one to raise; null when the observation was older than the row's and nothing was recorded.</returns>
    /// <exception cref="NpgsqlException">The database failed; nothing was recorded.</exception>
    public async Task<(string? Previous, string? Current)?> RecordAsync(Guid runId, string source, string stream,
        SchemaDrift drift, string? signature, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var db = await connection.Value.OpenAsync(cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        string? previous = null;
        await using (var select = new NpgsqlCommand(
            """
            SELECT s.alert_key, held.created_at > seen.created_at
            FROM orchestrator.source_schemas s
            LEFT JOIN orchestrator.pipeline_runs held ON held.run_id = s.run_id
            LEFT JOIN orchestrator.pipeline_runs seen ON seen.run_id = @run
            WHERE s.source = @source AND s.stream = @stream
            FOR UPDATE OF s
            """, db, transaction))
        {
            select.Parameters.AddWithValue("source", source);
            select.Parameters.AddWithValue("stream", stream);
            select.Parameters.AddWithValue("run", runId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.IsDBNull(1) && reader.GetBoolean(1)) return null;
                previous = reader.IsDBNull(0) ? null : reader.GetString(0);
            }
        }
        var alertKey = signature is null ? null
            : previous?.StartsWith(signature + "@", StringComparison.Ordinal) == true ? previous
            : $"{signature}@{runId:N}";
        await using (var upsert = new NpgsqlCommand(
            """
            INSERT INTO orchestrator.source_schemas AS s (source, stream, added, missing, run_id, observed_at,
                drifting_since, alert_key)
            VALUES (@source, @stream, @added, @missing, @run, @at, CASE WHEN @key::text IS NULL THEN NULL ELSE @at END,
                @key)
            ON CONFLICT (source, stream) DO UPDATE SET added = excluded.added, missing = excluded.missing,
                run_id = excluded.run_id, observed_at = excluded.observed_at, alert_key = excluded.alert_key,
                drifting_since = CASE WHEN excluded.alert_key IS NULL THEN NULL
                    WHEN s.alert_key IS NOT DISTINCT FROM excluded.alert_key THEN s.drifting_since
                    ELSE excluded.observed_at END
            """, db, transaction))
        {
            upsert.Parameters.AddWithValue("source", source);
            upsert.Parameters.AddWithValue("stream", stream);
            upsert.Parameters.AddWithValue("added", drift.Added.ToArray());
            upsert.Parameters.AddWithValue("missing", drift.Missing.ToArray());
            upsert.Parameters.AddWithValue("run", runId);
            upsert.Parameters.AddWithValue("at", at);
            upsert.Parameters.AddWithValue("key", (object?)alertKey ?? DBNull.Value);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (previous, alertKey);
    }

    /// <summary>Every stream's latest comparison (or those of <paramref name="source"/>), ordered by source and
    /// stream; with <paramref name="driftingOnly"/> only those that drift.</summary>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<IReadOnlyList<SourceSchema>> ListAsync(string? source, bool driftingOnly,
        CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var db = await connection.Value.OpenAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            """
            SELECT source, stream, added, missing, run_id, observed_at, drifting_since
            FROM orchestrator.source_schemas
            WHERE (@source::text IS NULL OR source = @source)
              AND (NOT @drifting OR cardinality(added) > 0 OR cardinality(missing) > 0)
            ORDER BY source, stream
            """, db);
        select.Parameters.AddWithValue("source", (object?)source ?? DBNull.Value);
        select.Parameters.AddWithValue("drifting", driftingOnly);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var list = new List<SourceSchema>();
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new SourceSchema(reader.GetString(0), reader.GetString(1),
                reader.GetFieldValue<string[]>(2), reader.GetFieldValue<string[]>(3), reader.GetGuid(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        return list;
    }
}
