using EcommerceLake.Cli.Embedded;
using EcommerceLake.Contracts;
using EcommerceLake.DemoSources;
using EcommerceLake.DemoSources.Sftp;
using EcommerceLake.DemoSources.Snapshot;
using EcommerceLake.Streams;
using MassTransit;

namespace EcommerceLake.Cli.Demo;

/// <summary>
/// The main job: seeds the three demo sources from the real Olist data (holding back the most recent orders), serves
/// the real Banco Central SGS values (<c>data/bcb</c>) from a fake SGS API as the economics source, runs a
/// full pipeline run on the embedded lake, applies a real change batch, runs again incrementally, and verifies after
/// each run that every trusted table equals its source row for row. The partner CSV files are read over SFTP from a
/// private OpenSSH server (<see cref="DemoSftpServer"/>, key authentication, pinned host key) serving the drop folder.
/// Every invocation starts from fresh databases, lake, drop folder and SSH keys under the work directory.
/// </summary>
public sealed class DemoJob(ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DemoJob>();

    /// <summary>Runs the job.</summary>
    /// <returns>The report; <see cref="DemoReport.Succeeded"/> says whether everything held.</returns>
    /// <exception cref="InvalidOperationException">PostgreSQL could not be started or reached, or a run did not
    /// end.</exception>
    public async Task<DemoReport> RunAsync(DemoOptions options, IDemoProgress progress,
        CancellationToken cancellationToken)
    {
        var report = new DemoReport();
        await using var environment = await DemoEnvironment.StartAsync(options, progress, _logger, cancellationToken);
        var settings = environment.SourceSettings;
        var seeder = environment.Seeder;
        var warehouse = environment.WarehouseConnectionString;
        (report.SourceConnectionString, report.WarehouseConnectionString, report.DropDirectory) =
            (environment.SourceConnectionString, warehouse, environment.DropDirectory);
        report.SeedSeconds = environment.SeedSeconds;
        report.SftpEndpoint = environment.SftpEndpoint;
        var lakeSettings = environment.LakeSettings;
        progress.Stage(
            "Starting the embedded lake (ingestion, processing, warehouse, orchestrator on the in-memory bus)");
        await using var lake = await EmbeddedLake.StartAsync(lakeSettings, LogLevel.Warning, cancellationToken);
        var catalog = StreamCatalog.Default;

        await CountSourcesAsync(settings, catalog, report.SourceRowsBefore, cancellationToken);
        report.Full = await RunAsync(lake, "full run", catalog, progress, cancellationToken);
        if (options.Verify) await VerifyAsync(settings, warehouse, catalog, report.VerifiedAfterFull, progress,
            cancellationToken);

        progress.Stage("Applying the change batch to the sources");
        var changes = await seeder.ApplyChangeBatchAsync(cancellationToken);
        report.ChangeBatch =
            $"{changes.OrdersInserted:N0} orders, {changes.CustomersInserted:N0} " +
            $"customers, {changes.OrderItemsInserted:N0} items, {changes.OrderPaymentsInserted:N0} payments " +
            $"and {changes.ReviewsInserted:N0} reviews inserted; {changes.OrdersDelivered:N0} orders " +
            $"delivered, {changes.OrdersCanceled:N0} canceled; " +
            $"{changes.OrderItemsDeleted:N0} order items deleted; new file {changes.NewFileName} " +
            $"({changes.TranslationsAdded} translations)";
        progress.Stage($"Change batch: {report.ChangeBatch}");
        await CountSourcesAsync(settings, catalog, report.SourceRowsAfter, cancellationToken);

        report.Incremental = await RunAsync(lake, "incremental run", catalog, progress, cancellationToken);
        if (options.Verify) await VerifyAsync(settings, warehouse, catalog, report.VerifiedAfterIncremental, progress,
            cancellationToken);
        return report;
    }

    private static async Task<RunReport> RunAsync(EmbeddedLake lake, string label, StreamCatalog catalog,
        IDemoProgress progress, CancellationToken cancellationToken)
    {
        var runId = NewId.NextGuid();
        progress.Stage($"Requesting the {label} {runId} over {string.Join(", ", catalog.Sources)}");
        void OnChanged(RunReport r)
        {
            if (r.RunId == runId) progress.RunChanged(label, r);
        }
        lake.Watcher.Changed += OnChanged;
        try
        {
            await lake.Bus.Publish(new RequestRun
            {
                RunId = runId,
                Sources = catalog.Sources,
                Trigger = RunTrigger.Cli,
                RequestedBy = Environment.UserName,
            },
                cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(30));
            return await lake.Watcher.WaitForEndAsync(runId, timeout.Token);
        }
        finally
        {
            lake.Watcher.Changed -= OnChanged;
        }
    }

    private static async Task CountSourcesAsync(DemoSourceSettings settings, StreamCatalog catalog, Dictionary<string,
        long> into, CancellationToken cancellationToken)
    {
        var counts = await new SourceSnapshot(settings).CountAsync(catalog.All, cancellationToken);
        foreach (var (key, rows) in counts.RowsByStream) into[key] = rows;
    }

    private static async Task VerifyAsync(
        DemoSourceSettings settings, string warehouse, StreamCatalog catalog, List<StreamVerification> into,
        IDemoProgress progress, CancellationToken cancellationToken)
    {
        progress.Stage("Verifying that every trusted table equals its source, row for row");
        var snapshot = new SourceSnapshot(settings);
        foreach (var spec in catalog.All)
        {
            var expected = await snapshot.ReadAsync(spec, cancellationToken);
            into.Add(await TrustedVerifier.CompareAsync(warehouse, spec, expected.Rows, cancellationToken));
        }
    }
}
