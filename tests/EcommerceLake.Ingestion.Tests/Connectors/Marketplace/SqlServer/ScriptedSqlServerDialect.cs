using System.Data.Common;
using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Streams;
using Microsoft.Data.SqlClient;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace.SqlServer;

/// <summary>
/// The real <see cref="SqlServerChangeTrackingDialect"/> builds every statement (on a SqlConnection that never opens);
/// this copies each into a <see cref="ScriptedCommand"/> of <see cref="ScriptedDatabase"/> so the extractor can run it.
/// Values are converted by the real dialect's <see cref="SqlServerChangeTrackingDialect.ReadText"/>.
/// </summary>
public sealed class ScriptedSqlServerDialect(ScriptedDatabase database) : IChangeTrackingDialect
{
    private readonly SqlServerChangeTrackingDialect _real = new();
    private readonly SqlConnection _unopened = new();

    public DbConnection CreateConnection(string connectionString) => database.Connect();

    public Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        _real.BeginSnapshotAsync(connection, cancellationToken);

    public DbCommand MinValidVersion(DbConnection connection, DbTransaction transaction, TrackedTable table) =>
        Copy(_real.MinValidVersion(_unopened, null!, table), connection, transaction);

    public DbCommand Columns(DbConnection connection, DbTransaction transaction, TrackedTable table) =>
        Copy(_real.Columns(_unopened, null!, table), connection, transaction);

    public DbCommand CurrentVersion(DbConnection connection, DbTransaction transaction) =>
        Copy(_real.CurrentVersion(_unopened, null!), connection, transaction);

    public DbCommand Snapshot(
        DbConnection connection, DbTransaction transaction, TrackedTable table, StreamSpec spec) =>
        Copy(_real.Snapshot(_unopened, null!, table, spec), connection, transaction);

    public DbCommand Changes(
        DbConnection connection, DbTransaction transaction, TrackedTable table, StreamSpec spec, long sinceVersion) =>
        Copy(_real.Changes(_unopened, null!, table, spec, sinceVersion), connection, transaction);

    public string? ReadText(DbDataReader reader, int ordinal, ColumnSpec column) =>
        _real.ReadText(reader, ordinal, column);

    private DbCommand Copy(DbCommand built, DbConnection connection, DbTransaction transaction)
    {
        var command = new ScriptedCommand(database)
        {
            CommandText = built.CommandText, Connection = connection, Transaction = transaction,
        };
        foreach (SqlParameter parameter in built.Parameters)
            command.Parameters.Add(
                new SqlParameter(parameter.ParameterName, parameter.SqlDbType) { Value = parameter.Value });
        built.Dispose();
        return command;
    }
}
