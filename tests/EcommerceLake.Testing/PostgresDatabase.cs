using Npgsql;
using Testcontainers.PostgreSql;
using Xunit;

namespace EcommerceLake.Testing;

/// <summary>
/// A fresh PostgreSQL database for one test class (use as <c>IClassFixture</c>), created on the test assembly's
/// PostgreSQL server and dropped afterwards. The server is one Testcontainers container per test process
/// (<see cref="ServiceContainers.PostgresImage"/>, port 5432 published on a free port of 127.0.0.1, durability off),
/// started by the first fixture and removed when the process exits: databases isolate the classes, and one
/// server start per assembly keeps the suite fast. When <c>LAKE_TEST_POSTGRES</c> holds a connection string (a
/// server started by scripts/start-test-services.sh, for a machine without Docker), that server is used instead.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private static readonly Lazy<Task<string>> Server = new(StartServerCoreAsync);
    private static string? _serverConnectionString;
    private readonly List<string> _databases = [];

    /// <summary>
    /// Connection string of the server's maintenance database (superuser). Available once a fixture of this
    /// process initialized or <see cref="StartServerAsync"/> completed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server is not started yet.</exception>
    public static string ServerConnectionString => _serverConnectionString
        ?? throw new InvalidOperationException(
            "The PostgreSQL test server is not started: await PostgresDatabase.StartServerAsync() first.");

    /// <summary>Connection string of this fixture's main database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Starts the process's server when it is not running yet and returns
    /// <see cref="ServerConnectionString"/>.</summary>
    /// <exception cref="InvalidOperationException">No container could be started (see
    /// <see cref="ServiceContainers.StartAsync{TContainer}"/>).</exception>
    public static async Task<string> StartServerAsync() => _serverConnectionString = await Server.Value;

    /// <inheritdoc />
    public async Task InitializeAsync() => ConnectionString = await CreateDatabaseAsync("lake");

    /// <summary>Creates another fresh database (dropped with the fixture) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = await StartServerAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_databases.Count == 0) return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        foreach (var name in _databases)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Runs <paramref name="sql"/> against <paramref name="connectionString"/> and returns the first column of
    /// every row.</summary>
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

    private static async Task<string> StartServerCoreAsync()
    {
        if (Environment.GetEnvironmentVariable("LAKE_TEST_POSTGRES") is { Length: > 0 } external) return external;
        var container = await ServiceContainers.StartAsync(() => new PostgreSqlBuilder(ServiceContainers.PostgresImage)
            .WithCommand("-c", "max_connections=300", "-c", "shared_buffers=256MB")
            .WithLabel(ServiceContainers.RunLabel, ServiceContainers.RunId)
            .WithCreateParameterModifier(ServiceContainers.OnLoopback)
            .Build(), "PostgreSQL", ServiceContainers.PostgresImageVariable, shared: true);
        return new NpgsqlConnectionStringBuilder(container.GetConnectionString())
        {
            Host = ServiceContainers.Host,
            IncludeErrorDetail = true,
        }.ConnectionString;
    }
}
