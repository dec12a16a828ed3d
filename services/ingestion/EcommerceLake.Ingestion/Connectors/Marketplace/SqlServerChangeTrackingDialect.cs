using System.Data;
using System.Data.Common;
using EcommerceLake.Streams;
using Microsoft.Data.SqlClient;

namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// SQL Server (and Azure SQL) Change Tracking through Microsoft.Data.SqlClient 7 (managed SNI on Linux). The SQL text
/// is <see cref="SqlServerChangeTrackingSql"/>;
/// <see cref="ChangeTrackingExtractor"/> runs it in the order Microsoft documents for a consistent read
/// ("Work with change tracking (SQL Server)", section "Use snapshot isolation",
/// https://learn.microsoft.com/sql/relational-databases/track-changes/work-with-change-tracking-sql-server): inside one
/// <c>SNAPSHOT</c> isolation transaction, check the saved version against
/// <c>CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(…))</c>, read <c>CHANGE_TRACKING_CURRENT_VERSION()</c>, read the
/// initial data or <c>CHANGETABLE(CHANGES …, @last_sync_version)</c> LEFT JOIN the table, commit, and report the
/// current version. The database needs <c>ALLOW_SNAPSHOT_ISOLATION ON</c> and <c>CHANGE_TRACKING = ON</c>, the table
/// <c>ENABLE CHANGE_TRACKING</c> (and a primary key). Values are converted to text by <see cref="SqlServerValues"/>.
/// </summary>
public sealed class SqlServerChangeTrackingDialect : IChangeTrackingDialect
{
    /// <inheritdoc />
    public DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    /// <inheritdoc />
    /// <remarks>
    /// <c>SNAPSHOT</c> isolation: every statement of the transaction sees the data as of its start, so the versions and
    /// the rows agree (SQL Server has no read-only transaction mode; the commands only read).
    /// </remarks>
    public async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.Snapshot, cancellationToken);

    /// <inheritdoc />
    public DbCommand MinValidVersion(DbConnection connection, DbTransaction transaction, TrackedTable table)
    {
        var command = Command(connection, transaction, SqlServerChangeTrackingSql.MinValidVersion());
        command.Parameters.Add(new SqlParameter(SqlServerChangeTrackingSql.TableParameter, SqlDbType.NVarChar,
            2 * SqlServerNames.MaxLength + 5)
        {
            Value = SqlServerNames.Qualified(table),
        });
        return command;
    }

    /// <inheritdoc />
    public DbCommand Columns(DbConnection connection, DbTransaction transaction, TrackedTable table)
    {
        var command = Command(connection, transaction, SqlServerChangeTrackingSql.Columns());
        command.Parameters.Add(new SqlParameter("@schema", SqlDbType.NVarChar, SqlServerNames.MaxLength)
        {
            Value = table.Schema,
        });
        command.Parameters.Add(new SqlParameter("@name", SqlDbType.NVarChar, SqlServerNames.MaxLength)
        {
            Value = table.Name,
        });
        return command;
    }

    /// <inheritdoc />
    public DbCommand CurrentVersion(DbConnection connection, DbTransaction transaction) =>
        Command(connection, transaction, SqlServerChangeTrackingSql.CurrentVersion());

    /// <inheritdoc />
    public DbCommand Snapshot(DbConnection connection, DbTransaction transaction, TrackedTable table,
        StreamSpec spec) =>
        Command(connection, transaction, SqlServerChangeTrackingSql.Snapshot(table, spec));

    /// <inheritdoc />
    public DbCommand Changes(DbConnection connection, DbTransaction transaction, TrackedTable table, StreamSpec spec,
        long sinceVersion)
    {
        var command = Command(connection, transaction, SqlServerChangeTrackingSql.Changes(table, spec));
        command.Parameters.Add(new SqlParameter(SqlServerChangeTrackingSql.LastSyncVersionParameter,
            SqlDbType.BigInt) { Value = sinceVersion });
        return command;
    }

    /// <inheritdoc />
    public string? ReadText(DbDataReader reader, int ordinal, ColumnSpec column) =>
        reader.IsDBNull(ordinal) ? null : SqlServerValues.ToText(reader.GetValue(ordinal), column.Type);

    private static SqlCommand Command(DbConnection connection, DbTransaction? transaction, string sql) =>
        new(sql, (SqlConnection)connection, (SqlTransaction?)transaction);
}
