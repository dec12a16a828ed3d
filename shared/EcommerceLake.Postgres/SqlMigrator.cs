using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EcommerceLake.Postgres;

/// <summary>
/// Applies versioned SQL scripts that a service embeds as resources (<c>…Migrations.0001_name.sql</c>), in name
/// order, each in its own transaction, recording them in <c>{schema}.schema_migrations</c>. A PostgreSQL advisory lock
/// (<c>pg_advisory_lock</c>) keyed by the schema lets several instances start at once: one applies, the others wait
/// and then find nothing to do. The scripts are each schema's one truth: EF Core maps onto them by naming convention
/// (EFCore.NamingConventions) rather than generating a second definition with design-time migrations.
/// </summary>
public static class SqlMigrator
{
    /// <summary>Applies the scripts of <paramref name="assembly"/> whose resource names contain
    /// <paramref name="resourcePrefix"/>.</summary>
    /// <param name="connectionString">Target database.</param>
    /// <param name="schema">Schema that owns the migrations table (created when missing).</param>
    /// <param name="assembly">Assembly holding the scripts.</param>
    /// <param name="resourcePrefix">Resource-name prefix, for example
    /// <c>EcommerceLake.Warehouse.Migrations.</c>.</param>
    /// <param name="logger">Logger for applied scripts.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Names of the scripts applied by this call.</returns>
    /// <exception cref="PostgresException">A script failed; earlier scripts stay applied, the failed one is rolled
    /// back.</exception>
    public static async Task<IReadOnlyList<string>> ApplyAsync(
        string connectionString, string schema, Assembly assembly, string resourcePrefix, ILogger logger,
        CancellationToken cancellationToken)
    {
        var quotedSchema = PgNames.Quote(schema);
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal)
                && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var applied = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var lockKey = StableHash(schema);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock($1)",
            connection) { Parameters = { new() { Value = lockKey } } })
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            await using (var create = new NpgsqlCommand(
                $"CREATE SCHEMA IF NOT EXISTS {quotedSchema}; CREATE TABLE IF NOT " +
                $"EXISTS {quotedSchema}.schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL " +
                "DEFAULT now())",
                connection))
                await create.ExecuteNonQueryAsync(cancellationToken);
            var done = new HashSet<string>();
            await using (var query = new NpgsqlCommand($"SELECT name FROM {quotedSchema}.schema_migrations",
                connection))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken)) done.Add(reader.GetString(0));
            foreach (var resource in scripts)
            {
                var name = resource[resourcePrefix.Length..];
                if (done.Contains(name)) continue;
                string sql;
                using (var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!)) sql =
                    await reader.ReadToEndAsync(cancellationToken);
                await using var tx = await connection.BeginTransactionAsync(cancellationToken);
                await using (var command = new NpgsqlCommand(sql, connection, tx)) await command.ExecuteNonQueryAsync(
                    cancellationToken);
                await using (var record = new NpgsqlCommand($"INSERT INTO {quotedSchema}.schema_migrations(name) " +
                    "VALUES ($1)", connection, tx) { Parameters = { new() { Value = name } } })
                    await record.ExecuteNonQueryAsync(cancellationToken);
                await tx.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Migration} to schema {Schema}", name, schema);
                applied.Add(name);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)",
                connection) { Parameters = { new() { Value = lockKey } } };
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
        return applied;
    }

    private static long StableHash(string text)
    {
        // FNV-1a 64-bit: stable across processes (string.GetHashCode is randomized per process).
        var hash = 14695981039346656037UL;
        foreach (var c in text) hash = (hash ^ c) * 1099511628211UL;
        return unchecked((long)hash);
    }
}
