using Npgsql;
using Xunit;

namespace EcommerceLake.Testing;

/// <summary>
/// A fresh PostgreSQL database on the real server started by scripts/start-test-services.sh
/// (<c>LAKE_TEST_POSTGRES</c>), created for one test class (use as <c>IClassFixture</c>) and dropped afterwards.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private readonly List<string> _databases = [];

    /// <summary>Connection string of the server's maintenance database, from <c>LAKE_TEST_POSTGRES</c>.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("LAKE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("LAKE_TEST_POSTGRES is not set: run the tests through scripts/test.sh, or eval \"$(scripts/start-test-services.sh)\" first.");

    /// <summary>Connection string of this fixture's main database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync() => ConnectionString = await CreateDatabaseAsync("lake");

    /// <summary>Creates another fresh database (dropped with the fixture) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        foreach (var name in _databases)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Runs <paramref name="sql"/> against <paramref name="connectionString"/> and returns the first column of every row.</summary>
    public static async Task<List<object?>> QueryColumnAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<object?>();
        while (await reader.ReadAsync()) values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        return values;
    }
}
