using System.Diagnostics;
using System.Security.Cryptography;
using EcommerceLake.Cli.Embedded;
using EcommerceLake.Contracts;
using EcommerceLake.DemoSources;
using EcommerceLake.DemoSources.Economics;
using EcommerceLake.DemoSources.Olist;
using EcommerceLake.DemoSources.ReviewApi;
using EcommerceLake.DemoSources.Seeding;
using EcommerceLake.DemoSources.Sftp;
using EcommerceLake.DemoSources.Snapshot;
using EcommerceLake.Postgres;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.Extensions.Logging;
using Npgsql;

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
        var work = Path.GetFullPath(options.WorkDirectory);
        Directory.CreateDirectory(work);

        var server = options.ServerConnectionString;
        if (server is null)
        {
            progress.Stage($"Starting a private PostgreSQL cluster in {Path.Combine(work, "pg")} on " +
                $"127.0.0.1:{options.PrivateClusterPort}");
            var cluster = new PrivatePostgresCluster(Path.Combine(work, "pg"), options.PrivateClusterPort, _logger);
            await cluster.StartAsync(cancellationToken);
            server = cluster.ConnectionString();
        }

        progress.Stage("Creating fresh source and warehouse databases, lake and drop folder");
        var source = await RecreateDatabaseAsync(server, $"{options.DatabasePrefix}_source", cancellationToken);
        var warehouse = await RecreateDatabaseAsync(server, $"{options.DatabasePrefix}_warehouse", cancellationToken);
        var lakeRoot = ResetDirectory(Path.Combine(work, "lake"));
        var drop = ResetDirectory(Path.Combine(work, "sftp-drop"));
        (report.SourceConnectionString, report.WarehouseConnectionString, report.DropDirectory) = (source, warehouse,
            drop);

        progress.Stage("Seeding the sources from the real Olist data (marketplace database, review API, CSV drop)");
        var seedWatch = Stopwatch.StartNew();
        var dataset = await OlistDataset.LoadAsync(cancellationToken: cancellationToken);
        if (options.Scale > 1) dataset = dataset.ScaleUp(options.Scale);
        var settings = new DemoSourceSettings { SourceConnectionString = source, DropDirectory = drop };
        var seeder = new DemoSeeder(settings, dataset);
        var seeded = await seeder.SeedAsync(cancellationToken);
        report.SeedSeconds = seedWatch.Elapsed.TotalSeconds;
        progress.Stage($"Seeded in {report.SeedSeconds:F1} s: "
            + string.Join(", ", seeded.Tables.Select(t => $"{t.Target} {t.Seeded:N0} (+{t.HeldBack:N0} held back)")));

        var clientId = "demo-lake";
        var clientSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await using var reviewApi = await ReviewApiServer.StartAsync(
            new ReviewApiServerOptions { ConnectionString = source, ClientId = clientId, ClientSecret = clientSecret },
            cancellationToken);
        progress.Stage($"Review API serving on {reviewApi.BaseAddress}");
        await using var sgsApi = await SgsApiServer.StartAsync(
            new SgsApiServerOptions { DataDirectory = settings.EconomicsDataDirectory }, cancellationToken);
        progress.Stage(
            $"SGS API (real Banco Central values from {sgsApi.Dataset.Directory}) serving on {sgsApi.BaseAddress}");

        await using var sftp = await DemoSftpServer.StartAsync(ResetDirectory(Path.Combine(work, "sshd")),
            cancellationToken: cancellationToken);
        report.SftpEndpoint = $"{sftp.Endpoint}{drop}";
        progress.Stage($"SFTP drop serving {drop} on {report.SftpEndpoint} (OpenSSH sshd, key authentication; "
            + $"host key {sftp.HostKeyFingerprint} pinned in {sftp.KnownHostsFile}, read with SSH.NET)");

        var lakeSettings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Warehouse"] = warehouse,
            ["ConnectionStrings:Orchestrator"] = warehouse,
            ["Sources:Marketplace:ConnectionString"] = source,
            ["Sources:Reviews:BaseUrl"] = reviewApi.BaseAddress.ToString(),
            ["Sources:Reviews:ClientId"] = clientId,
            ["Sources:Reviews:ClientSecret"] = clientSecret,
            ["Sources:Economics:BaseUrl"] = sgsApi.BaseAddress.ToString(),
            ["Sources:Economics:StartDate"] = settings.EconomicsStartDate.ToString("yyyy-MM-dd",
                System.Globalization.CultureInfo.InvariantCulture),
            ["Sources:Files:Transport"] = "Sftp",
            ["Sources:Files:Sftp:Host"] = sftp.Host,
            ["Sources:Files:Sftp:Port"] = sftp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sources:Files:Sftp:Username"] = sftp.Username,
            ["Sources:Files:Sftp:PrivateKeyFile"] = sftp.PrivateKeyFile,
            ["Sources:Files:Sftp:KnownHostsFile"] = sftp.KnownHostsFile,
            ["Sources:Files:Sftp:RemoteDirectory"] = drop,
            ["Lake:Root"] = lakeRoot,
            ["Bus:Transport"] = "InMemory",
        };
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

    private static async Task<string> RecreateDatabaseAsync(string server, string database,
        CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {PgNames.Quote(database)} WITH (FORCE)",
                connection);
            await drop.ExecuteNonQueryAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {PgNames.Quote(database)}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    private static string ResetDirectory(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        Directory.CreateDirectory(path);
        return path;
    }
}
