using EcommerceLake.Streams;

namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// The T-SQL text of <see cref="SqlServerChangeTrackingDialect"/>, built from validated, bracket-quoted identifiers
/// (<see cref="SqlServerNames"/>); values are the parameters <see cref="TableParameter"/> and
/// <see cref="LastSyncVersionParameter"/>. The statements follow Microsoft's "Work with change tracking (SQL Server)"
/// (https://learn.microsoft.com/sql/relational-databases/track-changes/work-with-change-tracking-sql-server): validate
/// the last synchronized version with <c>CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(…))</c>
/// (https://learn.microsoft.com/sql/relational-databases/system-functions/change-tracking-min-valid-version-transact-sql),
/// read <c>CHANGE_TRACKING_CURRENT_VERSION()</c>
/// (https://learn.microsoft.com/sql/relational-databases/system-functions/change-tracking-current-version-transact-sql),
/// then either the initial data (the whole table) or <c>CHANGETABLE(CHANGES t, @last_sync_version)</c> LEFT JOIN the
/// table on the primary key
/// (https://learn.microsoft.com/sql/relational-databases/system-functions/changetable-transact-sql), so a deleted row
/// comes back with only its key (its other columns NULL).
/// </summary>
public static class SqlServerChangeTrackingSql
{
    /// <summary>Parameter holding the two-part table name given to <c>OBJECT_ID</c> (<c>nvarchar</c>).</summary>
    public const string TableParameter = "@table";

    /// <summary>Parameter holding the last synchronized version (<c>bigint</c>).</summary>
    public const string LastSyncVersionParameter = "@last_sync_version";

    /// <summary>Alias of <c>CHANGETABLE</c> in <see cref="Changes"/>.</summary>
    public const string ChangesAlias = "c";

    /// <summary>Alias of the joined table in <see cref="Snapshot"/> and <see cref="Changes"/>.</summary>
    public const string TableAlias = "t";

    /// <summary>One bigint scalar, NULL when the table (or the database) is not change-tracked.</summary>
    public static string MinValidVersion() =>
        $"SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID({TableParameter}))";

    /// <summary>The column names (<c>COLUMN_NAME</c>) of the table named by <c>@schema</c> and <c>@name</c>, from
    /// <c>INFORMATION_SCHEMA.COLUMNS</c>.</summary>
    public static string Columns() =>
        "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = @schema AND TABLE_NAME = @name";

    /// <summary>One bigint scalar: the version of the last committed transaction (NULL when the database is not
    /// tracked).</summary>
    public static string CurrentVersion() => "SELECT CHANGE_TRACKING_CURRENT_VERSION()";

    /// <summary>Every row of <paramref name="table"/>, the spec's columns in order.</summary>
    /// <exception cref="ArgumentException">An identifier is not a plain identifier.</exception>
    public static string Snapshot(TrackedTable table, StreamSpec spec)
    {
        var columns = string.Join(", ", spec.Columns.Select(c => $"{TableAlias}.{SqlServerNames.Quote(c.Name)}"));
        return $"SELECT {columns} FROM {SqlServerNames.Qualified(table)} AS {TableAlias}";
    }

    /// <summary>
    /// The net changes after <see cref="LastSyncVersionParameter"/>: <c>operation</c> (SYS_CHANGE_OPERATION),
    /// <c>change_version</c> (SYS_CHANGE_VERSION), <c>row_exists</c> (bit), then the spec's columns — key columns
    /// from CHANGETABLE (always set), the others from the joined row (NULL for a delete) — ordered by change version.
    /// </summary>
    /// <exception cref="ArgumentException">An identifier is not a plain identifier.</exception>
    public static string Changes(TrackedTable table, StreamSpec spec)
    {
        var keys = spec.PrimaryKey.Select(SqlServerNames.Quote).ToList();
        var qualified = SqlServerNames.Qualified(table);
        var values = string.Join(", ", spec.Columns.Select(col => spec.PrimaryKey.Contains(col.Name)
            ? $"{ChangesAlias}.{SqlServerNames.Quote(col.Name)}"
            : $"{TableAlias}.{SqlServerNames.Quote(col.Name)}"));
        var join = string.Join(" AND ", keys.Select(k => $"{TableAlias}.{k} = {ChangesAlias}.{k}"));
        return $"SELECT {ChangesAlias}.SYS_CHANGE_OPERATION AS operation, {ChangesAlias}.SYS_CHANGE_VERSION AS " +
            "change_version, " +
               $"CAST(CASE WHEN {TableAlias}.{keys[0]} IS NULL THEN 0 ELSE 1 END AS bit) AS row_exists, {values} " +
               $"FROM CHANGETABLE(CHANGES {qualified}, {LastSyncVersionParameter}) AS {ChangesAlias} " +
               $"LEFT JOIN {qualified} AS {TableAlias} ON {join} " +
               $"ORDER BY {ChangesAlias}.SYS_CHANGE_VERSION";
    }
}
