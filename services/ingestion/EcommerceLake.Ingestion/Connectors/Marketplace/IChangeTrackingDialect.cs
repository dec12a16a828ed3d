using System.Data.Common;
using EcommerceLake.Streams;

namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// The SQL of one change-tracking source (PostgreSQL with the project's triggers; SQL Server Change Tracking). The
/// sequence around it — snapshot, versions, decision, rows — lives in <see cref="ChangeTrackingExtractor"/>. Every
/// command runs inside the transaction of <see cref="BeginSnapshotAsync"/>; identifiers are validated before they
/// reach SQL text and values are parameters.
/// </summary>
public interface IChangeTrackingDialect
{
    /// <summary>A new, closed connection to the source.</summary>
    DbConnection CreateConnection(string connectionString);

    /// <summary>
    /// Starts the read-only transaction in which every read of one extraction sees one snapshot (PostgreSQL
    /// <c>REPEATABLE READ READ ONLY</c>; SQL Server <c>SNAPSHOT</c>).
    /// </summary>
    Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>One scalar: the table's min valid version (bigint), or NULL when the table is not tracked.</summary>
    DbCommand MinValidVersion(DbConnection connection, DbTransaction transaction, TrackedTable table);

    /// <summary>The table's column names, one text column per row (the catalog's
    /// <c>INFORMATION_SCHEMA.COLUMNS</c>), for the schema-drift comparison; no row when the login may not see
    /// them.</summary>
    DbCommand Columns(DbConnection connection, DbTransaction transaction, TrackedTable table);

    /// <summary>One scalar: the source's current version (bigint, 0 when nothing was ever tracked).</summary>
    DbCommand CurrentVersion(DbConnection connection, DbTransaction transaction);

    /// <summary>Every row of the table: one text (or NULL) column per spec column, in spec order.</summary>
    DbCommand Snapshot(DbConnection connection, DbTransaction transaction, TrackedTable table, StreamSpec spec);

    /// <summary>
    /// The net changes after <paramref name="sinceVersion"/> joined to the table by primary key: columns
    /// <c>operation</c> (text I/U/D), <c>change_version</c> (bigint), <c>row_exists</c> (boolean: the joined row is
    /// present), then one text (or NULL) column per spec column in spec order (key columns always set; the others NULL
    /// when the row is absent), ordered by change version.
    /// </summary>
    DbCommand Changes(DbConnection connection, DbTransaction transaction, TrackedTable table, StreamSpec spec,
        long sinceVersion);

    /// <summary>
    /// The land text of the value at <paramref name="ordinal"/> of a <see cref="Snapshot"/> or <see cref="Changes"/>
    /// row (spec column <paramref name="column"/>), or null for NULL: the invariant text form of the column's type
    /// (timestamps <c>yyyy-MM-dd HH:mm:ss[.fffffff]</c>, dates <c>yyyy-MM-dd</c>, decimals with '.' and no grouping).
    /// </summary>
    string? ReadText(DbDataReader reader, int ordinal, ColumnSpec column);
}
