using EcommerceLake.Streams;
using EcommerceLake.Warehouse.Marts;

namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// The BigQuery side of one stream, generated from its spec with every identifier validated and backquoted
/// (<see cref="BigQueryNames"/>): the schemas of <c>raw.{table}</c> and <c>trusted.{table}</c>, the all-STRING schema
/// of the staging table a load job fills, and the load script — one multi-statement query in one transaction
/// (https://cloud.google.com/bigquery/docs/transactions) that reproduces the PostgreSQL engine's load. Values reach the
/// script only as named query parameters: <c>@run_id</c>, <c>@ingest_date</c>, <c>@row_count</c>,
/// <c>@delete_missing</c>, <c>@source</c>, <c>@stream</c>, <c>@table_name</c>, <c>@uri</c>.
/// </summary>
public sealed class BigQueryMergeSql
{
    /// <summary>Name of the ingest-time partition pseudo-column of raw tables.</summary>
    public const string PartitionTime = "_PARTITIONTIME";

    private static readonly string Op = BigQueryNames.Quote(StreamSpec.OperationColumn);
    private static readonly string Version = BigQueryNames.Quote(StreamSpec.ChangeVersionColumn);
    private static readonly string RunId = BigQueryNames.Quote("_run_id");
    private static readonly string IngestedAt = BigQueryNames.Quote("_ingested_at");
    private static readonly string LoadedAt = BigQueryNames.Quote("_loaded_at");

    private readonly StreamSpec _spec;
    private readonly BigQueryOptions _options;
    private readonly string[] _columns;
    private readonly string[] _keys;
    private readonly string[] _nonKeys;
    private readonly BigQueryCheckSql _checks;

    /// <summary>The SQL of <paramref name="spec"/> with the datasets of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">An identifier of the spec or a dataset name is not safe.</exception>
    public BigQueryMergeSql(StreamSpec spec, BigQueryOptions options)
    {
        _spec = spec;
        _options = options;
        _columns = spec.Columns.Select(c => BigQueryNames.Quote(c.Name)).ToArray();
        _keys = spec.PrimaryKey.Select(BigQueryNames.Quote).ToArray();
        _nonKeys = spec.Columns.Where(c => !spec.PrimaryKey.Contains(c.Name)).Select(c => BigQueryNames.Quote(c.Name))
            .ToArray();
        RawTable = BigQueryNames.Qualified(options.Dataset("raw"), spec.Table);
        TrustedTable = BigQueryNames.Qualified(options.Dataset("trusted"), spec.Table);
        BatchesTable = BigQueryNames.Qualified(options.Dataset("land"), "batches");
        ChangesTable = MartsSql.SourceTables.Contains(spec.Table)
            ? BigQueryNames.Qualified(options.Dataset("land"), "changes_" + spec.Table) : null;
        _checks = new BigQueryCheckSql(spec, TrustedTable);
    }

    /// <summary><c>`raw`.`{table}`</c>.</summary>
    public string RawTable { get; }

    /// <summary><c>`trusted`.`{table}`</c>.</summary>
    public string TrustedTable { get; }

    /// <summary><c>`land`.`batches`</c>.</summary>
    public string BatchesTable { get; }

    /// <summary><c>`land`.`changes_{table}`</c>, the keys loads changed since the last marts build, for a table the
    /// marts read (<see cref="MartsSql.SourceTables"/>); else null.</summary>
    public string? ChangesTable { get; }

    /// <summary>
    /// <c>land.changes_{table}</c> of a table the marts read: its primary-key columns (<c>REQUIRED</c>, typed as in
    /// trusted), clustered by them; null for another table.
    /// </summary>
    public BigQueryTableSpec? ChangesTableSpec() => ChangesTable is null ? null : new(_options.Dataset("land"),
        "changes_" + _spec.Table,
        _spec.PrimaryKey.Select(k => BigQueryField.Required(k,
            BigQueryTypes.Of(_spec.Columns.Single(c => c.Name == k).Type))).ToList(),
        Clustering: _spec.PrimaryKey.Take(4).ToList(),
        PrimaryKey: _spec.PrimaryKey);

    /// <summary>
    /// <c>raw.{table}</c>: the spec's columns (nullable, typed by <see cref="BigQueryTypes"/>), then <c>_op STRING</c>,
    /// <c>_change_version INT64</c>, <c>_run_id STRING</c> and <c>_ingested_at TIMESTAMP</c>; partitioned by ingestion
    /// day (<c>_PARTITIONTIME</c>, set to the batch's ingest date at load).
    /// </summary>
    public BigQueryTableSpec RawTableSpec() => new(_options.Dataset("raw"), _spec.Table,
        [
            .. _spec.Columns.Select(c => new BigQueryField(c.Name, BigQueryTypes.Of(c.Type))),
            BigQueryField.Required(StreamSpec.OperationColumn, "STRING"),
            BigQueryField.Required(StreamSpec.ChangeVersionColumn, "INT64"),
            BigQueryField.Required("_run_id", "STRING"),
            BigQueryField.Required("_ingested_at", "TIMESTAMP"),
        ],
        IngestionTimePartitioned: true);

    /// <summary>
    /// <c>trusted.{table}</c>: the spec's columns (key columns <c>REQUIRED</c>), then <c>_change_version INT64</c>,
    /// <c>_run_id STRING</c> and <c>_loaded_at TIMESTAMP</c>; clustered by the primary key (its first four columns),
    /// which is also declared as a not-enforced primary-key constraint.
    /// </summary>
    public BigQueryTableSpec TrustedTableSpec() => new(_options.Dataset("trusted"), _spec.Table,
        [
            .. _spec.Columns.Select(c => _spec.PrimaryKey.Contains(c.Name)
                ? BigQueryField.Required(c.Name, BigQueryTypes.Of(c.Type))
                : new BigQueryField(c.Name, BigQueryTypes.Of(c.Type))),
            BigQueryField.Required(StreamSpec.ChangeVersionColumn, "INT64"),
            BigQueryField.Required("_run_id", "STRING"),
            BigQueryField.Required("_loaded_at", "TIMESTAMP"),
        ],
        Clustering: _spec.PrimaryKey.Take(4).ToList(),
        PrimaryKey: _spec.PrimaryKey);

    /// <summary>The staging table of a run: <c>stage_{table}_{run id, 32 hex digits}</c> in the land dataset.</summary>
    public string StageTableName(Guid runId) => $"stage_{_spec.Table}_{runId:N}";

    /// <summary>The staging table's schema: every batch column as <c>STRING</c>, in batch order (the CSV header's
    /// order).</summary>
    public IReadOnlyList<BigQueryField> StageFields(IReadOnlyList<string> batchColumns)
    {
        foreach (var column in batchColumns) BigQueryNames.Quote(column);
        return batchColumns.Select(c => new BigQueryField(c, "STRING")).ToList();
    }

    /// <summary>
    /// The load script. Before the transaction: the staging rows cast to their types (<c>CAST</c>, not
    /// <c>SAFE_CAST</c>: a bad value fails the load), checked (operation in I/U/D, version and key present), and
    /// de-duplicated per key with
    /// <c>ROW_NUMBER() OVER (PARTITION BY key ORDER BY _change_version DESC, _op = 'D' DESC, row text DESC) = 1</c>, so
    /// each trusted row matches at most one batch row; empty numeric measures become 0 when the spec's cleaning says
    /// so. In the transaction: the rows of an earlier delivery of this run are deleted from raw, the batch is inserted
    /// into raw's partition <c>@ingest_date</c> (and counted against <c>@row_count</c>), the changes are counted, the
    /// MERGE applies them (and is counted), a clean full snapshot deletes the keys it lacks, then the stream's
    /// data-quality checks run over the trusted rows this run wrote (<see cref="BigQueryCheckSql"/>). After the commit
    /// <c>land.batches</c> gets the batch's row — outside the transaction, because every stream's load writes that one
    /// table and BigQuery aborts concurrent transactions that mutate the same table ("Transaction is aborted due to
    /// concurrent update", https://cloud.google.com/bigquery/docs/transactions#transaction_concurrency), whereas
    /// concurrent DML outside transactions is queued; the MERGE is keyed by run, source and stream, so a retry rewrites
    /// the same row. When a check of severity <c>error</c> failed, the script ends its transaction with
    /// <c>ROLLBACK TRANSACTION</c> instead (an IF statement,
    /// https://cloud.google.com/bigquery/docs/reference/standard-sql/procedural-language#if) and registers nothing, yet
    /// succeeds, so that its result names the failures. The last statement selects <c>raw_rows</c>, <c>inserted</c>,
    /// <c>updated</c>, <c>deleted</c>, <c>trusted_rows</c>, then, for a spec with checks, <c>checked_rows</c> and per
    /// check <c>i</c> <c>check_{i}_failing</c> and <c>check_{i}_sample</c> (read by
    /// <see cref="BigQueryCheckSql.Outcomes"/>).
    /// </summary>
    /// <param name="stageTable">The staging table's name in the land dataset.</param>
    /// <param name="batchColumns">The batch's columns (checked against the spec beforehand).</param>
    public string LoadScript(string stageTable, IReadOnlyList<string> batchColumns)
    {
        var stage = BigQueryNames.Qualified(_options.Dataset("land"), stageTable);
        var present = batchColumns.ToHashSet(StringComparer.Ordinal);
        var typed = _spec.Columns.Select(
            c => $"{(present.Contains(c.Name) ? Cast(c) : $"CAST(NULL AS {BigQueryTypes.Of(c.Type)})")} " +
            $"AS {BigQueryNames.Quote(c.Name)}");
        var cleaned = _spec.Columns.Select(c =>
            c.Measure && _spec.Cleaning.EmptyMeasureAsZero && BigQueryTypes.IsNumeric(c.Type)
                ? $"COALESCE({BigQueryNames.Quote(c.Name)}, 0) AS {BigQueryNames.Quote(c.Name)}"
                : BigQueryNames.Quote(c.Name));
        var keyNulls = string.Join(" OR ", _keys.Select(k => $"{k} IS NULL"));
        return $"""
            -- Load of {_spec.Key} into {TrustedTable}: one BigQuery script, one transaction.
            DECLARE lake_raw_rows INT64 DEFAULT 0;
            DECLARE lake_inserted INT64 DEFAULT 0;
            DECLARE lake_updated INT64 DEFAULT 0;
            DECLARE lake_deleted INT64 DEFAULT 0;
            DECLARE lake_merged INT64 DEFAULT 0;
            DECLARE lake_trusted_rows INT64 DEFAULT 0;{_checks.Declarations()}

            -- The staging rows (all STRING) cast to their types; lake_row, the row's text, is the de-duplication
            -- tie-break.
            CREATE TEMP TABLE lake_typed AS
            SELECT
                s.{Op} AS {Op},
                CAST(s.{Version} AS INT64) AS {Version},
                {string.Join(",\n    ", typed)},
                TO_JSON_STRING(s) AS lake_row
            FROM {stage} AS s;

            ASSERT NOT EXISTS (
                SELECT 1 FROM lake_typed
                WHERE {Op} IS NULL OR {Op} NOT IN ('I', 'U', 'D') OR {Version} IS NULL OR {keyNulls}
            )
            AS 'The raw batch has a row whose _op is not I, U or D, or that lacks its _change_version or a key column.';

            -- The batch de-duplicated per key: the highest change version wins (then a delete, then the greatest row
            -- text).
            CREATE TEMP TABLE lake_batch AS
            SELECT {Op}, {Version}, {string.Join(", ", cleaned)}
            FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY {string.Join(", ", _keys)} ORDER BY {Version} DESC,
                    {Op} = 'D' DESC, lake_row DESC) AS lake_rank
                FROM lake_typed)
            WHERE lake_rank = 1;

            BEGIN TRANSACTION;

            -- Rows an earlier delivery of this run appended.
            DELETE FROM {RawTable} WHERE {RunId} = @run_id;

            INSERT INTO {RawTable} ({PartitionTime}, {string.Join(", ", _columns)}, {Op}, {Version}, {RunId},
                {IngestedAt})
            SELECT TIMESTAMP(@ingest_date), {string.Join(", ", _columns)}, {Op}, {Version}, @run_id, CURRENT_TIMESTAMP()
            FROM lake_typed;
            SET lake_raw_rows = @@row_count;
            ASSERT lake_raw_rows = @row_count
                AS 'The rows loaded from the raw batch differ from its manifest row count.';

            SET (lake_inserted, lake_updated, lake_deleted) = (
                SELECT AS STRUCT
                    COUNTIF(t.{_keys[0]} IS NULL AND s.{Op} <> 'D'),
                    COUNTIF(t.{_keys[0]} IS NOT NULL AND s.{Op} <> 'D' AND {Changed}),
                    COUNTIF(t.{_keys[0]} IS NOT NULL AND s.{Op} = 'D' AND s.{Version} >= t.{Version})
                FROM lake_batch AS s
                LEFT JOIN {TrustedTable} AS t ON {KeyMatch});

            {CaptureChanges()}
            MERGE {TrustedTable} AS t
            USING lake_batch AS s
            ON {KeyMatch}
            WHEN MATCHED AND s.{Op} = 'D' AND s.{Version} >= t.{Version} THEN
                DELETE
            WHEN MATCHED AND s.{Op} <> 'D' AND {Changed} THEN
                UPDATE SET {string.Join(", ", _nonKeys.Select(c => $"{c} = s.{c}").Append($"{Version} = s.{Version}")
                    .Append($"{RunId} = @run_id").Append($"{LoadedAt} = CURRENT_TIMESTAMP()"))}
            WHEN NOT MATCHED AND s.{Op} <> 'D' THEN
                INSERT ({string.Join(", ", _columns)}, {Version}, {RunId}, {LoadedAt})
                VALUES ({string.Join(", ", _columns.Select(c => "s." + c))}, s.{Version}, @run_id, CURRENT_TIMESTAMP());
            SET lake_merged = @@row_count;
            ASSERT lake_merged = lake_inserted + lake_updated + lake_deleted
                AS 'The MERGE changed another number of trusted rows than counted; the load was rolled back.';

            {CaptureMissing()}
            -- A clean full snapshot: keys it does not hold leave trusted.
            DELETE FROM {TrustedTable} AS t
            WHERE @delete_missing AND NOT EXISTS (SELECT 1 FROM lake_batch AS s WHERE {KeyMatch});
            SET lake_deleted = lake_deleted + @@row_count;

            SET lake_trusted_rows = (SELECT COUNT(*) FROM {TrustedTable});

            {_checks.Statements()}{Commit()}
            SELECT lake_raw_rows AS raw_rows, lake_inserted AS inserted, lake_updated AS updated,
                lake_deleted AS deleted, lake_trusted_rows AS trusted_rows{_checks.SelectList()};
            """;
    }

    /// <summary>
    /// The end of the load's transaction and the batch's row in <c>land.batches</c>: <c>COMMIT TRANSACTION</c> and the
    /// registry's MERGE; for a spec with <c>error</c> checks, inside <c>IF {failed} THEN ROLLBACK TRANSACTION; ELSE
    /// …; END IF;</c>. Ends with a line break.
    /// </summary>
    private string Commit()
    {
        var commit = "COMMIT TRANSACTION;\n\n" + Registry();
        if (_checks.Blocking is not { } failed) return commit;
        var indented = string.Join("\n",
            commit.TrimEnd('\n').Split('\n').Select(l => l.Length == 0 ? l : "    " + l));
        return $"""
            IF {failed} THEN
                -- An error check failed: the load keeps nothing (raw, trusted and the changed keys roll back) and the
                -- batch is not registered. The script still succeeds, so that its result names the failures.
                ROLLBACK TRANSACTION;
            ELSE
            {indented}
            END IF;

            """;
    }

    /// <summary>The MERGE of the batch's row into <c>land.batches</c> (with its comment), after the
    /// transaction.</summary>
    private string Registry() => $"""
        -- The batch registry, after the transaction: land.batches is shared by every stream's load, and BigQuery
        -- aborts a transaction when another one mutates the same table concurrently; a MERGE outside a transaction
        -- is queued instead. It is idempotent (keyed by run, source and stream), so a retried script rewrites it.
        MERGE {BatchesTable} AS b
        USING (SELECT @run_id AS `run_id`, @source AS `source`, @stream AS `stream`) AS n
        ON b.`run_id` = n.`run_id` AND b.`source` = n.`source` AND b.`stream` = n.`stream`
        WHEN MATCHED THEN
            UPDATE SET `table_name` = @table_name, `uri` = @uri, `row_count` = lake_raw_rows,
                `inserted` = lake_inserted, `updated` = lake_updated, `deleted` = lake_deleted,
                `is_full_snapshot` = @delete_missing, `loads` = b.`loads` + 1, `loaded_at` = CURRENT_TIMESTAMP()
        WHEN NOT MATCHED THEN
            INSERT (`run_id`, `source`, `stream`, `table_name`, `uri`, `row_count`, `inserted`, `updated`,
                `deleted`, `is_full_snapshot`, `loads`, `loaded_at`)
            VALUES (@run_id, @source, @stream, @table_name, @uri, lake_raw_rows, lake_inserted, lake_updated,
                lake_deleted, @delete_missing, 1, CURRENT_TIMESTAMP());

        """;

    /// <summary>
    /// The typed value of staging column <paramref name="column"/>: STRING and json as they are, the rest with
    /// <c>CAST</c>. Timestamps keep at most 6 fractional digits (BigQuery's microseconds): a canonical lake timestamp
    /// with 7 (<c>yyyy-MM-dd HH:mm:ss.fffffff</c>) is truncated, not rounded, before the cast; any other text casts as
    /// it is.
    /// </summary>
    private static string Cast(ColumnSpec column)
    {
        var value = $"s.{BigQueryNames.Quote(column.Name)}";
        return column.Type switch
        {
            ColumnType.String or ColumnType.Json => value,
            ColumnType.Timestamp =>
                $@"CAST(REGEXP_REPLACE({value}, r'^(\d{{4}}-\d{{2}}-\d{{2}}[ " +
                $@"T]\d{{2}}:\d{{2}}:\d{{2}}\.\d{{6}})\d+$', r'\1') AS DATETIME)",
            _ => $"CAST({value} AS {BigQueryTypes.Of(column.Type)})",
        };
    }

    /// <summary>For a table the marts read: records the keys the MERGE is about to insert, update or delete in
    /// <see cref="ChangesTable"/>, unless recorded already; else nothing.</summary>
    private string CaptureChanges() => ChangesTable is null ? "" : $"""
        -- The keys this load changes, for the next marts build.
        INSERT INTO {ChangesTable} ({string.Join(", ", _keys)})
        SELECT {string.Join(", ", _keys.Select(k => "s." + k))}
        FROM lake_batch AS s
        LEFT JOIN {TrustedTable} AS t ON {KeyMatch}
        WHERE ((t.{_keys[0]} IS NULL AND s.{Op} <> 'D')
            OR (t.{_keys[0]} IS NOT NULL AND s.{Op} <> 'D' AND {Changed})
            OR (t.{_keys[0]} IS NOT NULL AND s.{Op} = 'D' AND s.{Version} >= t.{Version}))
          AND NOT EXISTS (SELECT 1 FROM {ChangesTable} AS c WHERE {KeyMatch.Replace("t.", "c.",
              StringComparison.Ordinal)});

        """;

    /// <summary>For a table the marts read: records the keys a clean full snapshot is about to delete; else
    /// nothing.</summary>
    private string CaptureMissing() => ChangesTable is null ? "" : $"""
        INSERT INTO {ChangesTable} ({string.Join(", ", _keys)})
        SELECT {string.Join(", ", _keys.Select(k => "t." + k))}
        FROM {TrustedTable} AS t
        WHERE @delete_missing AND NOT EXISTS (SELECT 1 FROM lake_batch AS s WHERE {KeyMatch})
          AND NOT EXISTS (SELECT 1 FROM {ChangesTable} AS c WHERE {KeyMatch.Replace("s.", "c.",
              StringComparison.Ordinal)});

        """;

    private string KeyMatch => string.Join(" AND ", _keys.Select(k => $"t.{k} = s.{k}"));

    /// <summary>
    /// A newer version, or the same version with other values. Non-key values are compared as the JSON text of a STRUCT
    /// of them (<c>TO_JSON_STRING</c>), so a null compares equal to a null, as PostgreSQL's
    /// <c>ROW(…) IS DISTINCT FROM ROW(…)</c>.
    /// </summary>
    private string Changed =>
        _nonKeys.Length == 0
            ? $"s.{Version} > t.{Version}"
            : $"(s.{Version} > t.{Version} OR (s.{Version} = t.{Version} AND " +
                $"TO_JSON_STRING(STRUCT({string.Join(", ", _nonKeys.Select(c => "s." + c))})) IS DISTINCT FROM " +
                $"TO_JSON_STRING(STRUCT({string.Join(", ", _nonKeys.Select(c => "t." + c))}))))";
}
