using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EcommerceLake.Orchestrator.Checks;

/// <summary>The outcomes of the data-quality checks loads ran, in <c>orchestrator.check_results</c> (migration
/// 0010): written from <see cref="StreamLoaded.Checks"/> and <see cref="StreamLoadFailed.Checks"/> by
/// <see cref="CheckResultsConsumer"/>, read by the API, the CLI and the dashboard.</summary>
public sealed class CheckResultStore(IOptions<OrchestratorConnectionOptions> connection, OrchestratorSchema schema)
{
    /// <summary>Records <paramref name="outcomes"/>, the checks a load of <paramref name="source"/>.<paramref
    /// name="stream"/> in run <paramref name="runId"/> ran, at <paramref name="at"/>, once per run, stream and check:
    /// a redelivered event inserts nothing.</summary>
    /// <exception cref="NpgsqlException">The database failed; nothing was recorded.</exception>
    public async Task RecordAsync(Guid runId, string source, string stream, IReadOnlyList<CheckOutcome> outcomes,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0) return;
        await schema.WhenReadyAsync(cancellationToken);
        await using var db = await connection.Value.OpenAsync(cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        foreach (var outcome in outcomes)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO orchestrator.check_results (run_id, source, stream, check_name, assertion, severity,
                    checked_rows, failing_rows, sample_keys, checked_at)
                VALUES (@run, @source, @stream, @check, @assertion, @severity, @checked, @failing, @sample, @at)
                ON CONFLICT (run_id, source, stream, check_name) DO NOTHING
                """, db, transaction);
            insert.Parameters.AddWithValue("run", runId);
            insert.Parameters.AddWithValue("source", source);
            insert.Parameters.AddWithValue("stream", stream);
            insert.Parameters.AddWithValue("check", outcome.Name);
            insert.Parameters.AddWithValue("assertion", outcome.Assertion);
            insert.Parameters.AddWithValue("severity", WireName.Of(outcome.Severity));
            insert.Parameters.AddWithValue("checked", outcome.CheckedRows);
            insert.Parameters.AddWithValue("failing", outcome.FailingRows);
            insert.Parameters.AddWithValue("sample", outcome.SampleKeys.ToArray());
            insert.Parameters.AddWithValue("at", at);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The latest outcome of every check of every stream (or of <paramref name="source"/>, and of
    /// <paramref name="stream"/> in it), ordered by source, stream and check; with <paramref name="failingOnly"/>, only
    /// those whose latest outcome failed.
    /// </summary>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<IReadOnlyList<CheckResult>> LatestAsync(string? source, string? stream, bool failingOnly,
        CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var db = await connection.Value.OpenAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            $"""
            SELECT * FROM (
                SELECT DISTINCT ON (source, stream, check_name) {Columns}
                FROM orchestrator.check_results
                WHERE (@source::text IS NULL OR source = @source) AND (@stream::text IS NULL OR stream = @stream)
                ORDER BY source, stream, check_name, checked_at DESC) AS latest
            WHERE NOT @failing OR failing_rows > 0
            ORDER BY source, stream, check_name
            """, db);
        select.Parameters.AddWithValue("source", (object?)source ?? DBNull.Value);
        select.Parameters.AddWithValue("stream", (object?)stream ?? DBNull.Value);
        select.Parameters.AddWithValue("failing", failingOnly);
        return await ReadAsync(select, cancellationToken);
    }

    /// <summary>Every outcome the loads of run <paramref name="runId"/> recorded, ordered by source, stream and
    /// check.</summary>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<IReadOnlyList<CheckResult>> OfRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await schema.WhenReadyAsync(cancellationToken);
        await using var db = await connection.Value.OpenAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            $"""
            SELECT {Columns} FROM orchestrator.check_results WHERE run_id = @run
            ORDER BY source, stream, check_name
            """, db);
        select.Parameters.AddWithValue("run", runId);
        return await ReadAsync(select, cancellationToken);
    }

    private const string Columns = "run_id, source, stream, check_name, assertion, severity, checked_rows, "
        + "failing_rows, sample_keys, checked_at";

    private static async Task<IReadOnlyList<CheckResult>> ReadAsync(NpgsqlCommand select,
        CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var results = new List<CheckResult>();
        while (await reader.ReadAsync(cancellationToken))
            results.Add(new CheckResult(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                reader.GetString(3), reader.GetString(4), WireName.Parse<CheckSeverity>(reader.GetString(5)),
                reader.GetInt64(6), reader.GetInt64(7), reader.GetFieldValue<string[]>(8),
                reader.GetFieldValue<DateTimeOffset>(9)));
        return results;
    }
}
