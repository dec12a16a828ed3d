using EcommerceLake.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// Installs the project's trigger-based change tracking in a PostgreSQL source database, with SQL Server Change
/// Tracking's semantics: the embedded scripts <c>Sql/0001_change_tracking.sql</c> (the <c>change_tracking</c> schema)
/// and <c>Sql/0002_changes_by_hash.sql</c> (the same <c>changes</c> function, grouping keys by hash rather than by a
/// sort) are applied once each, in name order, through <see cref="SqlMigrator"/>; then
/// <c>change_tracking.enable_table(regclass)</c> puts the capture triggers on each table. What the schema offers:
/// <list type="bullet">
/// <item><c>change_tracking.current_version()</c> — like <c>CHANGE_TRACKING_CURRENT_VERSION()</c>: the version of the
/// last committed transaction visible to the caller, 0 when nothing was ever tracked
/// (https://learn.microsoft.com/sql/relational-databases/system-functions/change-tracking-current-version-transact-sql).
/// </item>
/// <item><c>change_tracking.min_valid_version(table)</c> — like
/// <c>CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(table))</c>: set to the current version when tracking is enabled,
/// moved forward by cleanup and by <c>TRUNCATE</c>; NULL for an untracked table
/// (https://learn.microsoft.com/sql/relational-databases/system-functions/change-tracking-min-valid-version-transact-sql).</item>
/// <item><c>change_tracking.changes(table, since)</c> — like <c>CHANGETABLE(CHANGES table, @since)</c>: one row per
/// primary key changed after <c>since</c> with the net operation (<c>SYS_CHANGE_OPERATION</c>: D when the last change
/// deleted the row, else I when the first change after <c>since</c> inserted it, else U) and the version of its last
/// change (<c>SYS_CHANGE_VERSION</c>)
/// (https://learn.microsoft.com/sql/relational-databases/system-functions/changetable-transact-sql).</item>
/// <item><c>change_tracking.cleanup(retain_after)</c> / <c>cleanup_older_than(interval)</c> — SQL Server's retention
/// cleanup (<c>CHANGE_RETENTION</c>): deletes older change records and moves every min valid version forward.</item>
/// </list>
/// Versions are assigned once per transaction at commit time, under a transaction-level advisory lock held until the
/// commit has finished, so they follow commit order: a reader's snapshot that shows version v shows every smaller one.
/// </summary>
public static class ChangeTrackingInstaller
{
    /// <summary>Schema the install script creates in the source database.</summary>
    public const string Schema = "change_tracking";

    /// <summary>Resource-name prefix of the embedded install scripts.</summary>
    public const string ResourcePrefix = "EcommerceLake.Ingestion.Connectors.Marketplace.Sql.";

    /// <summary>
    /// Installs the <c>change_tracking</c> schema when missing and enables change tracking on <paramref name="tables"/>
    /// of <paramref name="schema"/> (idempotent: a table whose tracking is complete keeps its min valid version; a
    /// table whose triggers were missing gets them back and its min valid version moves to the current version, since
    /// its changes in between are unknown).
    /// </summary>
    /// <param name="connectionString">The source database.</param>
    /// <param name="schema">Schema of the tables (a plain identifier).</param>
    /// <param name="tables">Table names (plain identifiers); each needs a primary key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="ArgumentException">A name is not an allowed identifier, or the connection string is
    /// empty.</exception>
    /// <exception cref="PostgresException">A table does not exist (42P01) or has no primary key (55000).</exception>
    public static async Task EnableAsync(string connectionString, string schema, IReadOnlyList<string> tables,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(tables);
        var qualified = tables.Select(t => PgNames.Qualified(schema, t)).ToList();

        await SqlMigrator.ApplyAsync(connectionString, Schema, typeof(ChangeTrackingInstaller).Assembly, ResourcePrefix,
            NullLogger.Instance, cancellationToken);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Serializes concurrent installers, so the second finds the triggers complete and changes nothing.
        await using (var serialize = new NpgsqlCommand("SELECT pg_advisory_xact_lock(1667789938, 2)", connection,
            transaction))
            await serialize.ExecuteNonQueryAsync(cancellationToken);
        foreach (var table in qualified)
        {
            await using var enable = new NpgsqlCommand("SELECT change_tracking.enable_table($1::regclass)", connection,
                transaction)
            {
                Parameters = { new() { Value = table } },
            };
            await enable.ExecuteScalarAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
