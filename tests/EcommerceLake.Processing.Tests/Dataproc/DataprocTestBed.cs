using System.Text;
using EcommerceLake.Google;
using EcommerceLake.Lake;
using EcommerceLake.Processing.Dataproc;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes;
using EcommerceLake.Testing.Fakes.Dataproc;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceLake.Processing.Tests.Dataproc;

/// <summary>A local lake, the fake Dataproc, and the Dataproc engine built directly over them.</summary>
public sealed class DataprocTestBed : IAsyncDisposable
{
    /// <summary>Stand-ins for the embedded driver: the fake's job runner types in C#, it never runs them.</summary>
    public static readonly DataprocDriverFiles Driver = new(new Dictionary<string, byte[]>
    {
        [DataprocDriverFiles.MainFile] = Encoding.UTF8.GetBytes("# test stand-in of lake_driver.py\n"),
        ["lake_typing.py"] = Encoding.UTF8.GetBytes("# test stand-in of lake_typing.py\n"),
    });

    private readonly TempDirectory _directory = new("dataproc-engine");

    private DataprocTestBed(FakeDataprocServer fake, DataprocOptions options, TimeProvider time)
    {
        Fake = fake;
        Options = options;
        Lake = new LocalLakeStore(_directory.Path);
        Client = TestGoogleCloud.Client(fake.Endpoint, time: time);
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Clusters = new DataprocClusters(Client, wrapped, NullLogger<DataprocClusters>.Instance);
        Jobs = new DataprocJobs(Client, wrapped, NullLogger<DataprocJobs>.Instance);
        Staging = new DataprocStaging(Lake, Driver, wrapped, NullLogger<DataprocStaging>.Instance);
        Engine = new DataprocProcessingEngine(Lake, StreamCatalog.Default, Clusters, Jobs, Staging,
            Microsoft.Extensions.Options.Options.Create(new LakeOptions { Root = _directory.Path, PartRows = 1000 }),
            NullLogger<DataprocProcessingEngine>.Instance);
        ClusterManager = new DataprocClusterManager(Clusters, time);
    }

    public FakeDataprocServer Fake { get; }
    public DataprocOptions Options { get; }
    public LocalLakeStore Lake { get; }
    public string LakeRoot => _directory.Path;
    public GoogleApiClient Client { get; }
    public DataprocClusters Clusters { get; }
    public DataprocJobs Jobs { get; }
    public DataprocStaging Staging { get; }
    public DataprocProcessingEngine Engine { get; }
    public DataprocClusterManager ClusterManager { get; }

    /// <summary>Starts the fake (its default job runner over this bed's lake) and builds the engine.</summary>
    public static async Task<DataprocTestBed> StartAsync(Action<DataprocOptions>? configure = null,
        TimeProvider? time = null, bool runnerKnowsTheLake = true)
    {
        var options = new DataprocOptions();
        configure?.Invoke(options);
        var fake = await FakeDataprocServer.StartAsync();
        var bed = new DataprocTestBed(fake, options, time ?? TimeProvider.System);
        if (runnerKnowsTheLake) fake.JobRunner = FakeJobRunners.InProcess(bed.Lake);
        return bed;
    }

    public Task<ProcessingResult> ProcessAsync(Guid runId, StreamSpec spec, string landBatch,
        CancellationToken cancellationToken = default) =>
        Engine.ProcessAsync(new ProcessingRequest(runId, spec.Source, spec.Stream, landBatch), cancellationToken);

    /// <summary>A finished land batch of marketplace.customers: two good records and one that fails typing.</summary>
    public Task<string> WriteCustomersAsync(Guid runId) =>
        LandBatches.WriteAsync(Lake, runId, Customers,
        [
            ["I", "1", " c1 ", "u1", "01310", "sao paulo", "SP"],
            ["U", "2", "c2", "u2", "00012", "", " RJ "],
            ["I", "not-a-number", "c3", "u3", "01310", "sao paulo", "SP"],
        ]);

    public static StreamSpec Customers => StreamCatalog.Default.Get("marketplace", "customers");

    public async ValueTask DisposeAsync()
    {
        await Fake.DisposeAsync();
        _directory.Dispose();
    }
}
