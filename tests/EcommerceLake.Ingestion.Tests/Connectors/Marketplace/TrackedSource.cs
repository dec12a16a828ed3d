using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

/// <summary>
/// A fresh source database with a small change-tracked table <c>marketplace.items(id int PK, name text)</c>, plus
/// helpers.
/// </summary>
public sealed class TrackedSource
{
    public static readonly StreamSpec ItemsSpec = new(
        "marketplace", "items", "marketplace_items", "items", ["id"],
        [new ColumnSpec("id", ColumnType.Int, Nullable: false), new ColumnSpec("name", ColumnType.String)],
        new CleaningRules());

    private TrackedSource(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    /// <summary>
    /// Creates a database, the items table with <paramref name="seedIds"/> (name "item {id}"), and enables tracking.
    /// </summary>
    public static async Task<TrackedSource> CreateAsync(PostgresDatabase fixture, params int[] seedIds)
    {
        var source = new TrackedSource(await fixture.CreateDatabaseAsync("ct"));
        await source.ExecAsync(
            "CREATE SCHEMA marketplace; CREATE TABLE marketplace.items (id int PRIMARY KEY, name text)");
        foreach (var id in seedIds) await source.ExecAsync($"INSERT INTO marketplace.items VALUES ({id}, 'item {id}')");
        await ChangeTrackingInstaller.EnableAsync(
            source.ConnectionString, "marketplace", ["items"], CancellationToken.None);
        return source;
    }

    public async Task ExecAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long?> ScalarAsync(string sql)
    {
        var values = await PostgresDatabase.QueryColumnAsync(ConnectionString, sql);
        return values.Single() is { } v ? Convert.ToInt64(v) : null;
    }

    public Task<long?> CurrentVersionAsync() => ScalarAsync("SELECT change_tracking.current_version()");

    public Task<long?> MinValidVersionAsync(string table = "marketplace.items") =>
        ScalarAsync($"SELECT change_tracking.min_valid_version('{table}')");

    /// <summary>Runs <c>change_tracking.changes</c> on the items table: key id → (operation, version).</summary>
    public async Task<Dictionary<int, (string Operation, long Version)>> ChangesAsync(long since)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (pk->>'id')::int, operation, change_version " +
            "FROM change_tracking.changes('marketplace.items', $1)", connection)
        {
            Parameters = { new() { Value = since } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var changes = new Dictionary<int, (string, long)>();
        while (await reader.ReadAsync()) changes.Add(reader.GetInt32(0), (reader.GetString(1), reader.GetInt64(2)));
        return changes;
    }

    /// <summary>Opens a connection and starts a transaction on it (a writer the test controls).</summary>
    public async Task<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> BeginAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return (connection, await connection.BeginTransactionAsync());
    }

    public static async Task ExecAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    public MarketplaceConnector Connector(ExpiredOffsetPolicy expiredOffsetPolicy = ExpiredOffsetPolicy.FullReload) =>
        new(Options.Create(new MarketplaceOptions
            {
                ConnectionString = ConnectionString, ExpiredOffsetPolicy = expiredOffsetPolicy,
            }),
            NullLogger<MarketplaceConnector>.Instance);
}
