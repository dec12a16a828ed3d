using EcommerceLake.Lake;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Warehouse.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EcommerceLake.Warehouse.Tests;

/// <summary>A fresh warehouse database (initialized) and a lake in a temporary directory, for one test.</summary>
public sealed class WarehouseTestBed : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private WarehouseTestBed(string connectionString, TempDirectory directory)
    {
        ConnectionString = connectionString;
        _directory = directory;
        LakeRoot = directory.Path;
        Lake = new LocalLakeStore(directory.Path);
        Engine = new PostgresWarehouseEngine(
            Options.Create(new WarehouseOptions { ConnectionString = connectionString }), Lake, StreamCatalog.Default,
            NullLogger<PostgresWarehouseEngine>.Instance);
    }

    public string ConnectionString { get; }

    public string LakeRoot { get; }

    public LocalLakeStore Lake { get; }

    public PostgresWarehouseEngine Engine { get; }

    public static async Task<WarehouseTestBed> CreateAsync(PostgresDatabase database, bool initialize = true)
    {
        var bed = new WarehouseTestBed(await database.CreateDatabaseAsync("wh"), new TempDirectory("warehouse-test"));
        if (initialize) await bed.Engine.InitializeAsync(CancellationToken.None);
        return bed;
    }

    public static IReadOnlyList<string> Columns(StreamSpec spec) =>
        [StreamSpec.OperationColumn, StreamSpec.ChangeVersionColumn, .. spec.Columns.Select(c => c.Name)];

    /// <summary>Writes a finished raw batch of <paramref name="rows"/> (aligned with <see cref="Columns"/>) and returns
    /// its path.</summary>
    public async Task<string> WriteRawAsync(
        string source, string stream, Guid runId, IEnumerable<string?[]> rows, bool isFullSnapshot = false,
        int partRows = 1000, IEnumerable<QuarantinedRecord>? quarantine = null)
    {
        var spec = StreamCatalog.Default.Get(source, stream);
        var batch = LakePaths.RawBatch(spec.Table, DateOnly.FromDateTime(DateTime.UtcNow), runId);
        var writer = await LakeBatchWriter.OpenAsync(Lake, batch, new CsvRecordFormat(), Columns(spec), partRows,
            CancellationToken.None);
        foreach (var row in rows) await writer.WriteAsync(row, CancellationToken.None);
        foreach (var q in quarantine ?? []) writer.Quarantine(q);
        await writer.CompleteAsync("raw", source, stream, runId, null, null, isFullSnapshot, CancellationToken.None);
        return batch;
    }

    /// <summary>Writes a raw batch for a new run and loads it.</summary>
    public async Task<LoadResult> LoadAsync(string source, string stream, IEnumerable<string?[]> rows,
        bool isFullSnapshot = false, int partRows = 1000)
    {
        var runId = Guid.NewGuid();
        var batch = await WriteRawAsync(source, stream, runId, rows, isFullSnapshot, partRows);
        return await Engine.LoadAsync(new LoadRequest(runId, source, stream, batch, IsFullSnapshot: isFullSnapshot),
            CancellationToken.None);
    }

    /// <summary>Every row of <paramref name="sql"/>, each as its column values (DBNull as null).</summary>
    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public async Task<object?> ScalarAsync(string sql) => (await QueryAsync(sql)).Single()[0];

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _directory.Dispose();
    }
}
