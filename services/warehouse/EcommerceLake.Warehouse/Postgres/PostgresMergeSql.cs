using EcommerceLake.Postgres;
using EcommerceLake.Streams;
using EcommerceLake.Warehouse.Marts;

namespace EcommerceLake.Warehouse.Postgres;

/// <summary>
/// The SQL of one stream in the PostgreSQL warehouse, generated from its spec with every identifier validated and
/// quoted (<see cref="PgNames.Quote"/>): the DDL of <c>raw.{table}</c> and <c>trusted.{table}</c>, and the statements
/// of a load (staging table, COPY, raw append, de-duplicated batch, MERGE, snapshot delete). Statements that take the
/// run id read it from parameter <c>$1</c>.
/// </summary>
internal sealed class PostgresMergeSql
{
    private const string Stage = "\"lake_stage\"";
    private const string Batch = "\"lake_batch\"";

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
            ? PgNames.Qualified("land", "changes_" + spec.Table) : null;
    }

    public string RawTable { get; }

    public string TrustedTable { get; }

    /// <summary><c>land.changes_{table}</c>, the keys a load changed since the last marts build, for a table the marts
    /// read (<see cref="MartsSql.SourceTables"/>); else null.</summary>
    public string? ChangesTable { get; }

    /// <summary>Idempotent DDL: creates both tables when missing and adds spec columns they lack.</summary>
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
            $"CREATE INDEX IF NOT EXISTS {PgNames.Quote(_spec.Table + "_run_id_idx")} ON {RawTable} ({RunId})",
            $"""
            CREATE TABLE IF NOT EXISTS {TrustedTable} (
                {string.Join(",\n    ", trustedTyped)},
                {Version} bigint NOT NULL,
                {RunId} uuid NOT NULL,
                "_loaded_at" timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT {PgNames.Quote(_spec.Table + "_pkey")} PRIMARY KEY ({string.Join(", ", _keys)}))
            """,
        };
        if (ChangesTable is not null)
            sql.Add($"""
                CREATE TABLE IF NOT EXISTS {ChangesTable} (
                    {string.Join(",\n    ", _spec.PrimaryKey.Select(k => $"{PgNames.Quote(k)} " +
                        $"{PostgresTypes.Of(_spec.Columns.Single(c => c.Name == k).Type)} NOT NULL"))},
                    CONSTRAINT {PgNames.Quote("changes_" + _spec.Table + "_pkey")} PRIMARY KEY ({string.Join(", ", _keys)}))
                """);
        sql.AddRange(_spec.Columns.Select(c =>
            $"ALTER TABLE {RawTable} ADD COLUMN IF NOT EXISTS {PgNames.Quote(c.Name)} {PostgresTypes.Of(c.Type)}"));
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

    /// <summary>Deletes the rows an earlier delivery of the same run ($1) appended to raw.</summary>
    public string DeleteRunFromRaw => $"DELETE FROM {RawTable} WHERE {RunId} = $1";

    /// <summary>Appends the staging rows to raw, in batch order, with the run id ($1).</summary>
    public string InsertRaw =>
        $"""
        INSERT INTO {RawTable} ({string.Join(", ", _columns)}, {Op}, {Version}, {RunId}, "_ingested_at")
        SELECT {string.Join(", ", _columns)}, {Op}, {Version}, $1, now() FROM {Stage} ORDER BY {Seq}
        """;

    /// <summary>
    /// The batch de-duplicated per primary key: the highest change version wins, and among equal versions the later
    /// record. Empty numeric measures become 0 here when the spec's cleaning says so.
    /// </summary>
    public string CreateBatch()
    {
        var values = _spec.Columns.Select(c =>
            c.Measure && _spec.Cleaning.EmptyMeasureAsZero && PostgresTypes.IsNumeric(c.Type)
                ? $"COALESCE({PgNames.Quote(c.Name)}, 0) AS {PgNames.Quote(c.Name)}"
                : PgNames.Quote(c.Name));
        return $"""
            CREATE TEMP TABLE {Batch} ON COMMIT DROP AS
            SELECT DISTINCT ON ({string.Join(", ", _keys)}) {Op}, {Version}, {string.Join(", ", values)}
            FROM {Stage}
            ORDER BY {string.Join(", ", _keys)}, {Version} DESC, {Seq} DESC
            """;
    }

    /// <summary>Statistics for the planner on the de-duplicated batch.</summary>
    public string AnalyzeBatch => $"ANALYZE {Batch}";

    /// <summary>One row: the inserts, updates and deletes the MERGE is about to make.</summary>
    public string CountChanges =>
        $"""
        SELECT
            count(*) FILTER (WHERE t.{_keys[0]} IS NULL AND s.{Op} <> 'D'),
            count(*) FILTER (WHERE t.{_keys[0]} IS NOT NULL AND s.{Op} <> 'D' AND {Changed}),
            count(*) FILTER (WHERE t.{_keys[0]} IS NOT NULL AND s.{Op} = 'D' AND s.{Version} >= t.{Version})
        FROM {Batch} AS s LEFT JOIN {TrustedTable} AS t ON {KeyMatch}
        """;

    /// <summary>
    /// The MERGE into trusted (PostgreSQL 15 <c>MERGE</c>): a delete with a version at least the target's deletes; a
    /// newer version, or the same version with other values, updates; an unknown key that is not a delete inserts. An
    /// older version never overwrites a newer one, and loading the same batch again changes nothing.
    /// </summary>
    public string Merge =>
        $"""
        MERGE INTO {TrustedTable} AS t
        USING {Batch} AS s
        ON {KeyMatch}
        WHEN MATCHED AND s.{Op} = 'D' AND s.{Version} >= t.{Version} THEN
            DELETE
        WHEN MATCHED AND s.{Op} <> 'D' AND {Changed} THEN
            UPDATE SET {string.Join(", ", _nonKeys.Select(c => $"{c} = s.{c}").Append($"{Version} = s.{Version}")
                .Append($"{RunId} = $1").Append("\"_loaded_at\" = now()"))}
        WHEN NOT MATCHED AND s.{Op} <> 'D' THEN
            INSERT ({string.Join(", ", _columns)}, {Version}, {RunId}, "_loaded_at")
            VALUES ({string.Join(", ", _columns.Select(c => "s." + c))}, s.{Version}, $1, now())
        """;

    /// <summary>
    /// Records in <see cref="ChangesTable"/> the keys the MERGE is about to insert, update or delete (the
    /// <see cref="CountChanges"/> conditions); a key already recorded since the last marts build stays as it is.
    /// </summary>
    public string CaptureChanges =>
        $"""
        INSERT INTO {ChangesTable} ({string.Join(", ", _keys)})
        SELECT {string.Join(", ", _keys.Select(k => "s." + k))}
        FROM {Batch} AS s LEFT JOIN {TrustedTable} AS t ON {KeyMatch}
        WHERE (t.{_keys[0]} IS NULL AND s.{Op} <> 'D')
           OR (t.{_keys[0]} IS NOT NULL AND s.{Op} <> 'D' AND {Changed})
           OR (t.{_keys[0]} IS NOT NULL AND s.{Op} = 'D' AND s.{Version} >= t.{Version})
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Full snapshot: records in <see cref="ChangesTable"/> the keys <see cref="DeleteMissing"/> is about to
    /// delete.</summary>
    public string CaptureMissing =>
        $"""
        INSERT INTO {ChangesTable} ({string.Join(", ", _keys)})
        SELECT {string.Join(", ", _keys.Select(k => "t." + k))}
        FROM {TrustedTable} AS t WHERE NOT EXISTS (SELECT 1 FROM {Batch} AS s WHERE {KeyMatch})
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Full snapshot: deletes trusted rows whose key the batch does not hold.</summary>
    public string DeleteMissing =>
        $"DELETE FROM {TrustedTable} AS t WHERE NOT EXISTS (SELECT 1 FROM {Batch} AS s WHERE {KeyMatch})";

    /// <summary>Rows in trusted.</summary>
    public string CountTrusted => $"SELECT count(*) FROM {TrustedTable}";

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
