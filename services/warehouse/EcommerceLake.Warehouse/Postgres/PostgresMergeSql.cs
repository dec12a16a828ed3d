using EcommerceLake.Postgres;
using EcommerceLake.Streams;
using EcommerceLake.Warehouse.Marts;

namespace EcommerceLake.Warehouse.Postgres;

/// <summary>
/// The SQL of one stream in the PostgreSQL warehouse, generated from its spec with every identifier validated and
/// quoted (<see cref="PgNames.Quote"/>): the DDL of <c>raw.{table}</c> and <c>trusted.{table}</c>, and the statements
/// of a load (staging table, COPY, raw append, de-duplicated batch, the merge into trusted as one classifying join
/// and its inserts, updates and deletes, snapshot delete). Statements that take the
/// run id read it from parameter <c>$1</c>.
/// </summary>
internal sealed class PostgresMergeSql
{
    private const string Stage = "\"lake_stage\"";
    private const string Batch = "\"lake_batch\"";
    private const string Changes = "\"lake_changed\"";
    private const string Change = "\"_change\"";

    private static readonly string Op = PgNames.Quote(StreamSpec.OperationColumn);
    private static readonly string Version = PgNames.Quote(StreamSpec.ChangeVersionColumn);
    private static readonly string RunId = PgNames.Quote("_run_id");
    private static readonly string Seq = PgNames.Quote("_seq");

    private readonly StreamSpec _spec;
    private readonly string[] _columns;
    private readonly string[] _keys;
    private readonly string[] _nonKeys;
    private readonly HashSet<string> _compareAsText;

    public PostgresMergeSql(StreamSpec spec)
    {
        _spec = spec;
        _columns = spec.Columns.Select(c => PgNames.Quote(c.Name)).ToArray();
        _keys = spec.PrimaryKey.Select(PgNames.Quote).ToArray();
        _nonKeys = spec.Columns.Where(c => !spec.PrimaryKey.Contains(c.Name)).Select(c => PgNames.Quote(c.Name))
            .ToArray();
        _compareAsText = spec.Columns.Where(c => PostgresTypes.ComparesAsText(c.Type))
            .Select(c => PgNames.Quote(c.Name)).ToHashSet(StringComparer.Ordinal);
        RawTable = PgNames.Qualified("raw", spec.Table);
        TrustedTable = PgNames.Qualified("trusted", spec.Table);
        ChangesTable = MartsSql.SourceTables.Contains(spec.Table)
            ? ChangesTableOf(spec.Table) : null;
    }

    public string RawTable { get; }

    public string TrustedTable { get; }

    /// <summary><c>land.changes_{table}</c>, the keys a load changed since the last marts build, for a table the marts
    /// read (<see cref="MartsSql.SourceTables"/>); else null. It has no primary key: each load appends the keys it
    /// changed (<see cref="CaptureChanges"/>), so a key changed by several loads before the next build is there once
    /// per load, and the marts build reads the keys through <c>IN</c>, <c>UNION</c> or a semi-join, never counting
    /// one twice.</summary>
    public string? ChangesTable { get; }

    /// <summary><c>land.changes_{table}</c>, quoted: where loads record the keys they changed in trusted table
    /// <paramref name="table"/> for the next marts build.</summary>
    public static string ChangesTableOf(string table) => PgNames.Qualified("land", "changes_" + table);

    /// <summary>Idempotent DDL: creates both tables and raw's run index when missing and adds spec columns they lack.
    /// </summary>
    public string CreateTables()
    {
        var typed = _spec.Columns.Select(c => $"{PgNames.Quote(c.Name)} {PostgresTypes.Of(c.Type)}").ToList();
        var trustedTyped = _spec.Columns.Select(c =>
            $"{PgNames.Quote(c.Name)} {PostgresTypes.Of(c.Type)}" +
            $"{(_spec.PrimaryKey.Contains(c.Name) ? " NOT NULL" : "")}").ToList();
        var sql = new List<string>
        {
            $"""
            CREATE TABLE IF NOT EXISTS {RawTable} (
                {string.Join(",\n    ", typed)},
                {Op} text NOT NULL,
                {Version} bigint NOT NULL,
                {RunId} uuid NOT NULL,
                "_ingested_at" timestamptz NOT NULL DEFAULT now())
            """,
            // A run's rows are found through a BRIN index of bloom summaries (PostgreSQL 14+, "BRIN Indexes",
            // bloom operator classes): appending a row updates one summary per 128 pages instead of inserting into a
            // b-tree. The b-tree of earlier versions is dropped. Measured on the ×10 benchmark's 273,155 raw orders,
            // COPY into a copy of raw: 1.24–1.27 s with the b-tree, 1.05–1.06 s with this index, 0.98 s with none
            // (benchmarks/results/session19-experiments.txt).
            $"DROP INDEX IF EXISTS {PgNames.Qualified("raw", _spec.Table + "_run_id_idx")}",
            $"CREATE INDEX IF NOT EXISTS {PgNames.Quote(_spec.Table + "_run_id_brin")} ON {RawTable} " +
                $"USING brin ({RunId} uuid_bloom_ops)",
            $"""
            CREATE TABLE IF NOT EXISTS {TrustedTable} (
                {string.Join(",\n    ", trustedTyped)},
                {Version} bigint NOT NULL,
                {RunId} uuid NOT NULL,
                "_loaded_at" timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT {TrustedKey} PRIMARY KEY ({string.Join(", ", _keys)}))
            """,
        };
        // Append-only; Migrations/0009_append_only_change_tables.sql dropped the primary key of older ones.
        if (ChangesTable is not null)
            sql.Add($"""
                CREATE TABLE IF NOT EXISTS {ChangesTable} (
                    {string.Join(",\n    ", _spec.PrimaryKey.Select(k => $"{PgNames.Quote(k)} " +
                        $"{PostgresTypes.Of(_spec.Columns.Single(c => c.Name == k).Type)} NOT NULL"))})
                """);
        sql.AddRange(_spec.Columns.Select(c =>
            $"ALTER TABLE {RawTable} ADD COLUMN IF NOT EXISTS {PgNames.Quote(c.Name)} {PostgresTypes.Of(c.Type)}"));
        // Lets an initial load COPY a batch straight into raw (CopyRaw): the run id comes from the transaction's
        // setting, and a row inserted without that setting fails (current_setting raises) instead of losing its run.
        sql.Add($"ALTER TABLE {RawTable} ALTER COLUMN {RunId} SET DEFAULT (current_setting('{RunIdSetting}'))::uuid");
        sql.AddRange(_spec.Columns.Where(c => !_spec.PrimaryKey.Contains(c.Name))
            .Select(c => $"ALTER TABLE {TrustedTable} ADD COLUMN IF NOT " +
                $"EXISTS {PgNames.Quote(c.Name)} {PostgresTypes.Of(c.Type)}"));
        return string.Join(";\n", sql);
    }

    /// <summary>Serializes loads of this table (readers are not blocked).</summary>
    public string Lock => $"LOCK TABLE {TrustedTable}, {RawTable} IN SHARE ROW EXCLUSIVE MODE";

    /// <summary>The session-local staging table, dropped at commit; its checks reject a bad operation or a missing key
    /// or version.</summary>
    public string CreateStage()
    {
        var columns = _spec.Columns.Select(c =>
            $"{PgNames.Quote(c.Name)} {PostgresTypes.Of(c.Type)}" +
            $"{(_spec.PrimaryKey.Contains(c.Name) ? " NOT NULL" : "")}");
        return $"""
            CREATE TEMP TABLE {Stage} (
                {Seq} bigint GENERATED ALWAYS AS IDENTITY,
                {Op} text NOT NULL CHECK ({Op} IN ('I', 'U', 'D')),
                {Version} bigint NOT NULL,
                {string.Join(",\n    ", columns)}) ON COMMIT DROP
            """;
    }

    /// <summary>COPY of one CSV part (with its header line) into the staging table.</summary>
    public string Copy(IReadOnlyList<string> batchColumns) =>
        $"COPY {Stage} ({string.Join(", ", batchColumns.Select(PgNames.Quote))}) FROM STDIN (FORMAT csv, HEADER true)";

    /// <summary>The transaction setting that <c>raw.{table}._run_id</c> defaults to (<see cref="CreateTables"/>).
    /// </summary>
    public const string RunIdSetting = "lake.run_id";

    /// <summary>Sets <see cref="RunIdSetting"/> to the run id given as text in <c>$1</c> until the transaction
    /// ends.</summary>
    public const string SetRunId = $"SELECT set_config('{RunIdSetting}', $1, true)";

    /// <summary>COPY of one CSV part (with its header line) straight into raw, the run id from
    /// <see cref="SetRunId"/>: an initial load's raw append without the staging table, one write instead of the
    /// staging table's and the stage-to-raw insert's (measured on the ×10 benchmark's 247,290 reviews: 1.9 s against
    /// 1.5 s of COPY plus 1.5 s of insert, <c>benchmarks/results/session16-experiments.txt</c>).</summary>
    public string CopyRaw(IReadOnlyList<string> batchColumns) =>
        $"COPY {RawTable} ({string.Join(", ", batchColumns.Select(PgNames.Quote))}) FROM STDIN (FORMAT csv, " +
        "HEADER true)";

    /// <summary>One row of three <c>bigint</c>s over the raw rows of run <c>$1</c>: all of them, the deletes, and those
    /// the staging table would refuse (an operation other than I, U and D, or a key column null).</summary>
    public string RawRunSummary =>
        $"""
        SELECT count(*), count(*) FILTER (WHERE {Op} = 'D'),
               count(*) FILTER (WHERE {Op} NOT IN ('I', 'U', 'D') OR {string.Join(" OR ",
                   _keys.Select(k => $"{k} IS NULL"))})
        FROM {RawTable} WHERE {RunId} = $1
        """;

    /// <summary>The initial insert into trusted of the raw rows of run <c>$1</c>, with the cleaning of
    /// <see cref="CreateBatch"/>; for rows without a delete (<see cref="RawRunSummary"/>).</summary>
    public string InsertInitialFromRaw => InsertInto(BatchValues, $"{RawTable} WHERE {RunId} = $1 AND {Op} <> 'D'");

    /// <summary>One row, one boolean: true when <c>land.batches</c> records a load of run <c>$1</c> (uuid), source
    /// <c>$2</c> and stream <c>$3</c>, that is, an earlier delivery of the same load committed (its raw rows with
    /// it).</summary>
    public const string LoadedBefore =
        "SELECT EXISTS (SELECT 1 FROM land.batches WHERE run_id = $1 AND source = $2 AND stream = $3)";

    /// <summary>Deletes the rows an earlier delivery of the same run ($1) appended to raw (after
    /// <see cref="LoadedBefore"/> found one).</summary>
    public string DeleteRunFromRaw => $"DELETE FROM {RawTable} WHERE {RunId} = $1";

    /// <summary>Appends the staging rows to raw with the run id ($1). Raw is an append log without an order of its
    /// own: the rows' order inside a batch is kept by the lake's raw batch, and the merge reads the staging table.
    /// </summary>
    public string InsertRaw =>
        $"""
        INSERT INTO {RawTable} ({string.Join(", ", _columns)}, {Op}, {Version}, {RunId}, "_ingested_at")
        SELECT {string.Join(", ", _columns)}, {Op}, {Version}, $1, now() FROM {Stage}
        """;

    /// <summary>
    /// The batch de-duplicated per primary key: the highest change version wins, and among equal versions the later
    /// record. Empty numeric measures become 0 here when the spec's cleaning says so.
    /// </summary>
    public string CreateBatch() =>
        $"""
        CREATE TEMP TABLE {Batch} ON COMMIT DROP AS
        SELECT DISTINCT ON ({string.Join(", ", _keys)}) {Op}, {Version}, {string.Join(", ", BatchValues)}
        FROM {Stage}
        ORDER BY {string.Join(", ", _keys)}, {Version} DESC, {Seq} DESC
        """;

    /// <summary>One row, one boolean: true when no primary key occurs twice in the staging table, so the staged
    /// records are already the de-duplicated batch (a hash aggregate over the keys, no sort of the rows).</summary>
    public string StageKeysAreUnique =>
        $"SELECT NOT EXISTS (SELECT 1 FROM {Stage} GROUP BY {string.Join(", ", _keys)} HAVING count(*) > 1)";

    /// <summary>One row, one boolean: true when the staging table holds a delete (<c>_op</c> = <c>D</c>). Without
    /// one, an initial load can let trusted's primary key find a key staged twice (a unique violation) instead of
    /// <see cref="StageKeysAreUnique"/>: a delete is not inserted, so a key staged once to insert and once to delete
    /// would go unnoticed.</summary>
    public string StageHasDeletes => $"SELECT EXISTS (SELECT 1 FROM {Stage} WHERE {Op} = 'D')";

    /// <summary>
    /// The MERGE's decision, made once per key with one join of the batch against trusted: the batch records that
    /// change trusted, with <c>_change</c> = <c>I</c> (an unknown key that is not a delete), <c>U</c> (a newer version,
    /// or the same version with other values) or <c>D</c> (a delete with a version at least the target's). An older
    /// version never overwrites a newer one, so loading the same batch again classifies nothing. Run under
    /// <see cref="Lock"/>: trusted cannot change between this and <see cref="InsertChanged"/>,
    /// <see cref="UpdateChanged"/> and <see cref="DeleteChanged"/>, which apply it.
    /// </summary>
    public string Classify =>
        $"""
        CREATE TEMP TABLE {Changes} ON COMMIT DROP AS
        SELECT s.*, CASE WHEN t.{_keys[0]} IS NULL THEN 'I' WHEN s.{Op} = 'D' THEN 'D' ELSE 'U' END AS {Change}
        FROM {Batch} AS s LEFT JOIN {TrustedTable} AS t ON {KeyMatch}
        WHERE (t.{_keys[0]} IS NULL AND s.{Op} <> 'D')
           OR (t.{_keys[0]} IS NOT NULL AND s.{Op} <> 'D' AND {Changed})
           OR (t.{_keys[0]} IS NOT NULL AND s.{Op} = 'D' AND s.{Version} >= t.{Version})
        """;

    /// <summary>One row, one <c>real</c>: the planner's estimate of the rows in trusted (<c>pg_class.reltuples</c>,
    /// kept by <c>ANALYZE</c>, autovacuum and index builds; -1 for a table never analyzed). Takes the table's name as
    /// <c>$1</c>.</summary>
    public const string TrustedRowEstimate = "SELECT reltuples FROM pg_class WHERE oid = $1::regclass";

    /// <summary>Makes the rest of the transaction join by nested loops: <see cref="Classify"/> then looks each batch
    /// key up through trusted's primary key, and the statements that apply it do the same.</summary>
    public const string PreferPointLookups =
        "SELECT set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)";

    /// <summary>
    /// Whether <see cref="Classify"/> should look each key of a batch of <paramref name="batchRows"/> up through
    /// trusted's primary key (<see cref="PreferPointLookups"/>) instead of letting the planner hash every trusted row:
    /// true when the batch holds fewer than a fifth of <paramref name="trustedRowEstimate"/>
    /// (<see cref="TrustedRowEstimate"/>; an unknown estimate, 0 or below, leaves the plan to the planner). Without
    /// statistics on the batch the planner costs a few thousand lookups above one scan and hashes all of trusted, so a
    /// small change costs as much as the table's size. Measured on the ×10 benchmark
    /// (<c>benchmarks/results/session12-experiments.txt</c>): the change batch's 17,955 orders against 272,880 trusted
    /// orders, hash join 368 ms, lookups 118 ms; its 26,040 reviews against 247,290 trusted reviews (wide rows, a
    /// tenth and a half), hash join 464–581 ms, lookups 87–181 ms; random fifths of either table, about even.
    /// Never for a full snapshot, whose delete of the missing keys is an anti-join from trusted to the batch.
    /// </summary>
    public static bool ClassifiesByPointLookups(long batchRows, double trustedRowEstimate) =>
        trustedRowEstimate > 0 && batchRows * 5 < trustedRowEstimate;

    /// <summary>One row: the inserts, updates and deletes <see cref="Classify"/> decided.</summary>
    public string CountChanges =>
        $"""
        SELECT count(*) FILTER (WHERE {Change} = 'I'), count(*) FILTER (WHERE {Change} = 'U'),
               count(*) FILTER (WHERE {Change} = 'D')
        FROM {Changes}
        """;

    /// <summary>Inserts the classified inserts, with the run id ($1).</summary>
    public string InsertChanged => InsertInto(_columns, $"{Changes} WHERE {Change} = 'I'");

    /// <summary>Updates the classified updates in place, with the run id ($1).</summary>
    public string UpdateChanged =>
        $"""
        UPDATE {TrustedTable} AS t
        SET {string.Join(", ", _nonKeys.Select(c => $"{c} = s.{c}").Append($"{Version} = s.{Version}")
            .Append($"{RunId} = $1").Append("\"_loaded_at\" = now()"))}
        FROM {Changes} AS s
        WHERE {KeyMatch} AND s.{Change} = 'U'
        """;

    /// <summary>Deletes the classified deletes.</summary>
    public string DeleteChanged =>
        $"DELETE FROM {TrustedTable} AS t USING {Changes} AS s WHERE {KeyMatch} AND s.{Change} = 'D'";

    /// <summary>One row, one boolean: true when trusted holds no row (run under <see cref="Lock"/>, so no other load
    /// can add one before this one commits).</summary>
    public string TrustedIsEmpty => $"SELECT NOT EXISTS (SELECT 1 FROM {TrustedTable})";

    /// <summary>
    /// The initial load into an empty trusted table (checked with <see cref="TrustedIsEmpty"/>): every record of the
    /// de-duplicated batch that is not a delete is inserted, as the merge (<see cref="Classify"/>) would, without its
    /// join. When <paramref name="stageIsBatch"/> (<see cref="StageKeysAreUnique"/>) the records are read from the
    /// staging table itself, with the cleaning of <see cref="CreateBatch"/>; otherwise from that batch.
    /// </summary>
    public string InsertInitial(bool stageIsBatch) => stageIsBatch
        ? InsertInto(BatchValues, $"{Stage} WHERE {Op} <> 'D'")
        : InsertInto(_columns, $"{Batch} WHERE {Op} <> 'D'");

    /// <summary>Drops trusted's primary key (<c>{table}_pkey</c>) for an initial load into the empty table, which
    /// <see cref="AddTrustedKey"/> builds again once the rows are in: one sort instead of a b-tree insert per row.
    /// Takes the table's <c>ACCESS EXCLUSIVE</c> lock until the transaction ends (readers of trusted wait for the
    /// load). Measured on the ×10 benchmark's 247,290 reviews into an empty copy of trusted: 1.53–1.60 s with the key,
    /// 0.40–0.54 s without it plus 0.22–0.29 s to add it
    /// (<c>benchmarks/results/session12-experiments.txt</c>).</summary>
    public string DropTrustedKey => $"ALTER TABLE {TrustedTable} DROP CONSTRAINT {TrustedKey}";

    /// <summary>Adds trusted's primary key back after <see cref="DropTrustedKey"/>; a key that occurs twice fails it
    /// with a unique violation (SQLSTATE 23505).</summary>
    public string AddTrustedKey =>
        $"ALTER TABLE {TrustedTable} ADD CONSTRAINT {TrustedKey} PRIMARY KEY ({string.Join(", ", _keys)})";

    private string TrustedKey => PgNames.Quote(_spec.Table + "_pkey");

    /// <summary>Statistics for trusted after an initial load filled it (a sample of 300 × the statistics target rows),
    /// so that the marts build that follows plans on them instead of waiting for autovacuum; null for a table no mart
    /// reads (<see cref="ChangesTable"/> null), which autovacuum analyzes in its own time. Its row estimate, which the
    /// next load's <see cref="TrustedRowEstimate"/> reads, is already set by the primary key's rebuild of the as-is
    /// path (<see cref="AddTrustedKey"/>). The load's transaction sets the statistics target
    /// (<see cref="WarehouseOptions.StatisticsTarget"/>, 10 by default: 3,000 rows, 25–36 ms per ×10 table; at
    /// PostgreSQL's 100, 30,000 rows and 155–680 ms, <c>benchmarks/results/session21-experiments.txt</c>).</summary>
    public string? AnalyzeTrusted => ChangesTable is null ? null : $"ANALYZE {TrustedTable}";

    /// <summary>Before an initial load marks its table (<see cref="MarkAllChanged"/>): takes <see cref="ChangesTable"/>
    /// as a writer does (<c>ROW EXCLUSIVE</c>), so that the load waits here for a marts build of the table's chain,
    /// which holds it <c>EXCLUSIVE</c> while it reads trusted, and a build that starts later waits for the load.
    /// Only valid when <see cref="ChangesTable"/> is not null.</summary>
    public string LockChangesTable => $"LOCK TABLE {ChangesTable} IN ROW EXCLUSIVE MODE";

    /// <summary>After an initial load of a table the marts read: records in <c>land.changes_all</c> that every key of
    /// the table changed (instead of each key in <see cref="ChangesTable"/>), so the next marts build is a full
    /// one.</summary>
    public string MarkAllChanged =>
        $"INSERT INTO land.changes_all (table_name) VALUES ('{PgNames.Validate(_spec.Table)}') ON CONFLICT DO NOTHING";

    /// <summary>Appends to <see cref="ChangesTable"/> the keys <see cref="Classify"/> found changed (one per key: the
    /// batch is de-duplicated). A plain append, with no index to maintain and no conflict to check: measured alone on
    /// 19,160 order-item keys of the ×10 benchmark into the empty change table, 21–51 ms, against 195–277 ms with the
    /// primary key and <c>ON CONFLICT DO NOTHING</c> it replaced (<c>benchmarks/results/session11-experiments.txt</c>,
    /// c2).</summary>
    public string CaptureChanges =>
        $"""
        INSERT INTO {ChangesTable} ({string.Join(", ", _keys)})
        SELECT {string.Join(", ", _keys)} FROM {Changes}
        """;

    /// <summary>
    /// Full snapshot: deletes the trusted rows whose key the batch does not hold. One row, the number deleted; for a
    /// table the marts read, their keys are recorded in <see cref="ChangesTable"/> in the same statement.
    /// </summary>
    public string DeleteMissing
    {
        get
        {
            var keys = string.Join(", ", _keys);
            var record = ChangesTable is null ? "" : $"""
                ,
                recorded AS (
                    INSERT INTO {ChangesTable} ({keys}) SELECT {keys} FROM gone)
                """;
            return $"""
                WITH gone AS (
                    DELETE FROM {TrustedTable} AS t WHERE NOT EXISTS (SELECT 1 FROM {Batch} AS s WHERE {KeyMatch})
                    RETURNING {string.Join(", ", _keys.Select(k => "t." + k))}){record}
                SELECT count(*) FROM gone
                """;
        }
    }

    /// <summary>One row, one <c>bigint</c>: the rows in trusted, counted (a scan of the whole table). Used once per
    /// table, when <c>land.trusted_row_counts</c> holds no count for it yet (see
    /// <see cref="AddToTrustedRowCount"/>).</summary>
    public string CountTrusted => $"SELECT count(*) FROM {TrustedTable}";

    /// <summary>Adds <c>$2</c> inserted rows and takes off <c>$3</c> deleted ones from the kept row count of the
    /// trusted table <c>$1</c> (the spec's table name) and answers the new count (<c>bigint</c>), or no row when none
    /// is kept yet (Migrations/0011_trusted_row_counts.sql). Run in the load's transaction, under
    /// <see cref="Lock"/>.</summary>
    public const string AddToTrustedRowCount = """
        UPDATE land.trusted_row_counts SET row_count = row_count + $2 - $3 WHERE table_name = $1
        RETURNING row_count
        """;

    /// <summary>Sets the kept row count of the trusted table <c>$1</c> (the spec's table name) to <c>$2</c>: after
    /// an initial load, or after <see cref="CountTrusted"/>.</summary>
    public const string SetTrustedRowCount = """
        INSERT INTO land.trusted_row_counts (table_name, row_count) VALUES ($1, $2)
        ON CONFLICT (table_name) DO UPDATE SET row_count = EXCLUDED.row_count
        """;

    /// <summary>Inserts into trusted every row of <paramref name="rowsFrom"/> (a table and its condition), the spec's
    /// columns read as <paramref name="values"/> (one expression per column, in spec order), with the run id
    /// ($1).</summary>
    private string InsertInto(IEnumerable<string> values, string rowsFrom) =>
        $"""
        INSERT INTO {TrustedTable} ({string.Join(", ", _columns)}, {Version}, {RunId}, "_loaded_at")
        SELECT {string.Join(", ", values)}, {Version}, $1, now() FROM {rowsFrom}
        """;

    /// <summary>The spec's columns as the batch holds them: empty numeric measures as 0 when the spec's cleaning says
    /// so.</summary>
    private IEnumerable<string> BatchValues => _spec.Columns.Select(c =>
        c.Measure && _spec.Cleaning.EmptyMeasureAsZero && PostgresTypes.IsNumeric(c.Type)
            ? $"COALESCE({PgNames.Quote(c.Name)}, 0) AS {PgNames.Quote(c.Name)}"
            : PgNames.Quote(c.Name));

    private string KeyMatch => string.Join(" AND ", _keys.Select(k => $"t.{k} = s.{k}"));

    private string Changed =>
        _nonKeys.Length == 0
            ? $"s.{Version} > t.{Version}"
            : $"(s.{Version} > t.{Version} OR (s.{Version} = t.{Version} AND " +
                $"ROW({string.Join(", ", _nonKeys.Select(c => Comparable("s", c)))}) IS DISTINCT FROM " +
                $"ROW({string.Join(", ", _nonKeys.Select(c => Comparable("t", c)))})))";

    /// <summary><c>alias.column</c>, cast to text for a type without an equality operator (json), whose text is its
    /// value.</summary>
    private string Comparable(string alias, string quotedColumn) =>
        _compareAsText.Contains(quotedColumn) ? $"{alias}.{quotedColumn}::text" : $"{alias}.{quotedColumn}";
}
