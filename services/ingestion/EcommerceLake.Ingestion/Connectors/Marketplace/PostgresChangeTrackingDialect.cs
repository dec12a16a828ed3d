using System.Data;
using System.Data.Common;
using EcommerceLake.Postgres;
using EcommerceLake.Streams;
using Npgsql;

namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// The SQL of the project's trigger-based change tracking on PostgreSQL (installed by
/// <see cref="ChangeTrackingInstaller"/>). Values are rendered as PostgreSQL's text output of each column
/// (<c>col::text</c>). The snapshot is <c>REPEATABLE READ READ ONLY</c>, PostgreSQL's transaction-wide snapshot
/// (PostgreSQL manual, "Transaction Isolation"), the counterpart of SQL Server's <c>SNAPSHOT</c> isolation.
/// </summary>
public sealed class PostgresChangeTrackingDialect : IChangeTrackingDialect
{
    /// <inheritdoc />
    public DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    /// <inheritdoc />
    public async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var transaction = await npgsql.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", npgsql, transaction);
        await readOnly.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    /// <inheritdoc />
    public DbCommand MinValidVersion(DbConnection connection, DbTransaction transaction, TrackedTable table) =>
        Command(connection, transaction, "SELECT change_tracking.min_valid_version($1::regclass)", Qualified(table));

    /// <inheritdoc />
    public DbCommand Columns(DbConnection connection, DbTransaction transaction, TrackedTable table) =>
        Command(connection, transaction,
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2",
            table.Schema, table.Name);

    /// <inheritdoc />
    public DbCommand CurrentVersion(DbConnection connection, DbTransaction transaction) =>
        Command(connection, transaction, "SELECT change_tracking.current_version()");

    /// <inheritdoc />
    public DbCommand Snapshot(DbConnection connection, DbTransaction transaction, TrackedTable table, StreamSpec spec)
    {
        var columns = string.Join(", ", spec.Columns.Select(c => $"src.{PgNames.Quote(c.Name)}::text"));
        return Command(connection, transaction, $"SELECT {columns} FROM {Qualified(table)} AS src");
    }

    /// <inheritdoc />
    public DbCommand Changes(DbConnection connection, DbTransaction transaction, TrackedTable table, StreamSpec spec,
        long sinceVersion)
    {
        var keys = spec.PrimaryKey.Select(PgNames.Quote).ToList();
        var values = string.Join(", ", spec.Columns.Select(c => spec.PrimaryKey.Contains(c.Name)
            ? $"coalesce(src.{PgNames.Quote(c.Name)}, ct_key.{PgNames.Quote(c.Name)})::text"
            : $"src.{PgNames.Quote(c.Name)}::text"));
        var join = string.Join(" AND ", keys.Select(k => $"src.{k} = ct_key.{k}"));
        var sql = $"""
            SELECT ct.operation, ct.change_version, src.{keys[0]} IS NOT NULL AS row_exists, {values}
            FROM change_tracking.changes($1::regclass, $2) AS ct
            CROSS JOIN LATERAL jsonb_populate_record(NULL::{Qualified(table)}, ct.pk) AS ct_key
            LEFT JOIN {Qualified(table)} AS src ON {join}
            ORDER BY ct.change_version
            """;
        return Command(connection, transaction, sql, Qualified(table), sinceVersion);
    }

    /// <inheritdoc />
    /// <remarks>The commands already cast every column to PostgreSQL's text output, so the value is read as it
    /// is.</remarks>
    public string? ReadText(DbDataReader reader, int ordinal, ColumnSpec column) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string Qualified(TrackedTable table) => PgNames.Qualified(table.Schema, table.Name);

    private static NpgsqlCommand Command(DbConnection connection, DbTransaction transaction, string sql,
        params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
