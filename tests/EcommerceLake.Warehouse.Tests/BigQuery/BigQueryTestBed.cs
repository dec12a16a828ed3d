using EcommerceLake.Google;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes;
using EcommerceLake.Testing.Fakes.BigQuery;
using EcommerceLake.Warehouse.BigQuery;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

/// <summary>The BigQuery engine against a fake BigQuery, with a local lake described as
/// gs://lake-test-bucket/lake/….</summary>
public sealed class BigQueryTestBed : IAsyncDisposable
{
    public const string Bucket = "lake-test-bucket";

    private readonly TempDirectory _directory;

    private BigQueryTestBed(FakeBigQueryServer fake, TempDirectory directory, ILakeStore lake, GoogleApiClient client,
        BigQueryOptions options)
    {
        Fake = fake;
        _directory = directory;
        Lake = lake;
        Options = options;
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Jobs = new BigQueryJobs(client, wrapped, NullLogger<BigQueryJobs>.Instance);
        Tables = new BigQueryTables(client, wrapped, NullLogger<BigQueryTables>.Instance);
        Engine = new BigQueryWarehouseEngine(Jobs, Tables, wrapped, lake, StreamCatalog.Default, TimeProvider.System,
            NullLogger<BigQueryWarehouseEngine>.Instance);
    }

    public FakeBigQueryServer Fake { get; }

    public ILakeStore Lake { get; }

    public BigQueryOptions Options { get; }

    public BigQueryJobs Jobs { get; }

    public BigQueryTables Tables { get; }

    public BigQueryWarehouseEngine Engine { get; }

    public static async Task<BigQueryTestBed> CreateAsync(Action<BigQueryOptions>? configure = null)
    {
        var fake = await FakeBigQueryServer.StartAsync();
        var directory = new TempDirectory("bigquery-test");
        var options = new BigQueryOptions();
        configure?.Invoke(options);
        return new BigQueryTestBed(fake, directory, new GcsNamedLakeStore(directory.Path, Bucket, "lake"),
            TestGoogleCloud.Client(fake.BaseAddress), options);
    }

    public static IReadOnlyList<string> Columns(StreamSpec spec) =>
        [StreamSpec.OperationColumn, StreamSpec.ChangeVersionColumn, .. spec.Columns.Select(c => c.Name)];

    /// <summary>Writes a finished raw batch of <paramref name="rows"/> (aligned with <see cref="Columns"/>) and returns
    /// its path.</summary>
    public static async Task<string> WriteRawAsync(ILakeStore lake, string source, string stream, Guid runId,
        IEnumerable<string?[]> rows, DateOnly ingestDate, bool isFullSnapshot = false, int partRows = 1000)
    {
        var spec = StreamCatalog.Default.Get(source, stream);
        var batch = LakePaths.RawBatch(spec.Table, ingestDate, runId);
        var writer = await LakeBatchWriter.OpenAsync(lake, batch, new CsvRecordFormat(), Columns(spec), partRows,
            CancellationToken.None);
        foreach (var row in rows) await writer.WriteAsync(row, CancellationToken.None);
        await writer.CompleteAsync("raw", source, stream, runId, null, null, isFullSnapshot, CancellationToken.None);
        return batch;
    }

    /// <summary>A raw batch of <paramref name="count"/> orders for a new run, and its load request.</summary>
    public async Task<LoadRequest> OrdersBatchAsync(int count = 5, int partRows = 1000, bool isFullSnapshot = false,
        DateOnly? ingestDate = null)
    {
        var runId = Guid.NewGuid();
        var rows = Enumerable.Range(1, count).Select(i => new string?[]
        {
            "I", i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"order-{i}", $"customer-{i}",
            "delivered", "2017-10-02 10:56:33.1234567", null, null, null, "2017-10-18",
        });
        var batch = await WriteRawAsync(Lake, "marketplace", "orders", runId, rows,
            ingestDate ?? new DateOnly(2024, 5, 17), isFullSnapshot, partRows);
        return new LoadRequest(runId, "marketplace", "orders", batch, IsFullSnapshot: isFullSnapshot);
    }

    /// <summary>Scripts the fake: query jobs answer one row of load counts, every check of the stream
    /// passing.</summary>
    public void AnswerLoads(long raw, long inserted, long updated, long deleted, long trusted) =>
        Fake.Answer = job => job.IsQuery
            ? LoadScriptAnswer.Of(job, raw, inserted, updated, deleted, trusted)
            : FakeJobAnswer.Empty;

    public async ValueTask DisposeAsync()
    {
        await Fake.DisposeAsync();
        _directory.Dispose();
    }
}
