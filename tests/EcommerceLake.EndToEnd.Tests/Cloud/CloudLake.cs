using System.Collections.Concurrent;
using EcommerceLake.Cli.Embedded;
using EcommerceLake.Contracts;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes;
using EcommerceLake.Testing.Fakes.BigQuery;
using EcommerceLake.Testing.Fakes.Dataproc;
using EcommerceLake.Testing.Fakes.Gcs;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.EndToEnd.Tests.Cloud;

/// <summary>
/// The embedded lake configured for the cloud engines only by settings — <c>Lake:Store=Gcs</c>,
/// <c>Processing:Engine=Dataproc</c>, <c>Warehouse:Engine=BigQuery</c> — against the fake Cloud Storage, Dataproc and
/// BigQuery services. Dataproc jobs run the staged PySpark driver with python3 on the fake bucket's files; BigQuery
/// cannot run SQL here, so its query jobs answer with the counts the load script would return for the batch's rows.
/// The files source reads the real Olist sellers and category-translation CSVs from a local drop folder.
/// </summary>
public sealed class CloudLake : IAsyncDisposable
{
    public const string Bucket = "lake-e2e";

    private readonly TempDirectory _work = new("lake-cloud");
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<ClusterDeleted>> _deleted = new();
    private EmbeddedLake? _lake;

    private CloudLake(FakeGcsServer gcs, FakeDataprocServer dataproc, FakeBigQueryServer bigQuery)
    {
        Gcs = gcs;
        Dataproc = dataproc;
        BigQuery = bigQuery;
        Dataproc.JobRunner = FakeJobRunners.PySpark(gcs.RootDirectory);
        BigQuery.Answer = AnswerAsTheScriptWould;
    }

    public FakeGcsServer Gcs { get; }

    public FakeDataprocServer Dataproc { get; }

    public FakeBigQueryServer BigQuery { get; }

    public EmbeddedLake Lake => _lake ?? throw new InvalidOperationException("Not started.");

    public static async Task<CloudLake> StartFakesAsync()
    {
        var gcs = await FakeGcsServer.StartAsync(rootDirectory: null, Bucket);
        var dataproc = await FakeDataprocServer.StartAsync();
        var bigQuery = await FakeBigQueryServer.StartAsync();
        return new CloudLake(gcs, dataproc, bigQuery);
    }

    /// <summary>Starts the embedded lake (all four services) with the saga store in
    /// <paramref name="orchestratorDatabase"/>.</summary>
    public async Task StartLakeAsync(string orchestratorDatabase)
    {
        var drop = await OlistFiles.DropAsync(Path.Combine(_work.Path, "drop"),
            "olist_sellers_dataset.csv", "product_category_name_translation.csv");
        var settings = new Dictionary<string, string?>(TestGoogleCloud.Settings(Gcs.BaseUri))
        {
            ["GoogleCloud:DataprocEndpoint"] = Dataproc.Endpoint.ToString(),
            ["GoogleCloud:BigQueryEndpoint"] = BigQuery.BaseAddress.ToString(),
            // The whole switch to the cloud engines: configuration only.
            ["Lake:Store"] = "Gcs",
            ["Lake:Bucket"] = Bucket,
            ["Processing:Engine"] = "Dataproc",
            ["Warehouse:Engine"] = "BigQuery",
            ["ConnectionStrings:Orchestrator"] = orchestratorDatabase,
            ["Sources:Marketplace:ConnectionString"] = orchestratorDatabase,
            ["Sources:Reviews:BaseUrl"] = "http://127.0.0.1:9/",
            ["Sources:Reviews:ClientId"] = "unused",
            ["Sources:Reviews:ClientSecret"] = "unused",
            ["Sources:Files:DropDirectory"] = drop,
            ["Sources:Files:StabilityInterval"] = "00:00:00",
            ["Sources:Economics:Enabled"] = "false",
            ["Detectors:Files:Enabled"] = "false",
            ["Detectors:Marketplace:Enabled"] = "false",
        };
        _lake = await EmbeddedLake.StartAsync(settings, LogLevel.Warning, CancellationToken.None);
        var endpoint = _lake.Bus.ConnectReceiveEndpoint($"e2e-cluster-deleted-{Guid.NewGuid():N}", e =>
            e.Handler<ClusterDeleted>(context =>
            {
                Deleted(context.Message.RunId).TrySetResult(context.Message);
                return Task.CompletedTask;
            }));
        await endpoint.Ready;
    }

    /// <summary>Requests a run of <paramref name="sources"/> and waits for its end.</summary>
    public async Task<RunReport> RunAsync(params string[] sources)
    {
        var runId = NewId.NextGuid();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await Lake.Bus.Publish(new RequestRun
        {
            RunId = runId,
            Sources = sources,
            Trigger = RunTrigger.Api,
            RequestedBy = "tests",
        }, timeout.Token);
        return await Lake.Watcher.WaitForEndAsync(runId, timeout.Token);
    }

    /// <summary>Completes with the run's <see cref="ClusterDeleted"/> event, published once Dataproc says the
    /// cluster is gone.</summary>
    public Task<ClusterDeleted> ClusterDeletedAsync(Guid runId) =>
        Deleted(runId).Task.WaitAsync(TimeSpan.FromMinutes(2));

    public async ValueTask DisposeAsync()
    {
        if (_lake is not null) await _lake.DisposeAsync();
        await BigQuery.DisposeAsync();
        await Dataproc.DisposeAsync();
        await Gcs.DisposeAsync();
        _work.Dispose();
    }

    private TaskCompletionSource<ClusterDeleted> Deleted(Guid runId) =>
        _deleted.GetOrAdd(runId,
            _ => new TaskCompletionSource<ClusterDeleted>(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>A load script answers its final SELECT as if every row of the batch were new; the marts' mode query
    /// with a full build; the marts script with one row per mart.</summary>
    private static FakeJobAnswer AnswerAsTheScriptWould(FakeBigQueryJob job)
    {
        if (!job.IsQuery) return FakeJobAnswer.Empty;
        if (job.Parameters.TryGetValue("row_count", out var text) && long.TryParse(text, out var rows))
            return LoadScriptAnswer.Of(job, rows, inserted: rows, updated: 0, deleted: 0, trusted: rows);
        if (job.Query!.Contains("AS full_build", StringComparison.Ordinal))
            return FakeJobAnswer.Row(("full_build", 1L)); // the mode query: as for a first build
        return FakeJobAnswer.Row(("daily_sales_by_state_category", 0L), ("review_word_counts", 0L),
            ("monthly_sales_fx_inflation", 0L), ("bought_together", 0L), ("customer_recommendations", 0L));
    }
}
