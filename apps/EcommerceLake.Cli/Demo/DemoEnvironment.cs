using System.Security.Cryptography;
using EcommerceLake.DemoSources;
using EcommerceLake.DemoSources.Economics;
using EcommerceLake.DemoSources.Olist;
using EcommerceLake.DemoSources.ReviewApi;
using EcommerceLake.DemoSources.Seeding;
using EcommerceLake.DemoSources.Sftp;
using EcommerceLake.Postgres;
using Npgsql;

namespace EcommerceLake.Cli.Demo;

/// <summary>
/// The demo's sources on this machine, from the real Olist data: PostgreSQL (a private cluster under the work
/// directory unless a server is given), fresh source and warehouse databases, the lake and drop directories, the
/// seeded marketplace database, the review API server, the fake SGS API and a private OpenSSH SFTP server over the
/// drop. <see cref="LakeSettings"/> points the embedded lake at them. Used by <c>lake demo</c> and
/// <c>lake serve --demo</c>; disposing stops the servers (the PostgreSQL cluster keeps running, as the demo leaves it).
/// </summary>
public sealed class DemoEnvironment : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _servers = [];

    private DemoEnvironment(DemoSourceSettings sourceSettings, DemoSeeder seeder)
    {
        SourceSettings = sourceSettings;
        Seeder = seeder;
    }

    /// <summary>The sources' settings (source database, drop directory).</summary>
    public DemoSourceSettings SourceSettings { get; }

    /// <summary>The seeder, to apply the change batch later.</summary>
    public DemoSeeder Seeder { get; }

    /// <summary>The source database's connection string.</summary>
    public string SourceConnectionString => SourceSettings.SourceConnectionString;

    /// <summary>The warehouse (and orchestrator) database's connection string.</summary>
    public string WarehouseConnectionString { get; private set; } = "";

    /// <summary>The drop directory the SFTP server serves.</summary>
    public string DropDirectory => SourceSettings.DropDirectory;

    /// <summary><c>sftp://user@host:port</c> of the SFTP server.</summary>
    public string SftpEndpoint { get; private set; } = "";

    /// <summary>Seconds spent seeding.</summary>
    public double SeedSeconds { get; private set; }

    /// <summary>Configuration keys for the embedded lake (databases, sources, lake root, in-memory bus).</summary>
    public Dictionary<string, string?> LakeSettings { get; } = new();

    /// <summary>Sets everything up, reporting each stage to <paramref name="progress"/>.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL could not be started or reached.</exception>
    public static async Task<DemoEnvironment> StartAsync(DemoOptions options, IDemoProgress progress, ILogger logger,
        CancellationToken cancellationToken)
    {
        var work = Path.GetFullPath(options.WorkDirectory);
        Directory.CreateDirectory(work);
        var server = options.ServerConnectionString;
        if (server is null)
        {
            progress.Stage($"Starting a private PostgreSQL cluster in {Path.Combine(work, "pg")} on " +
                $"127.0.0.1:{options.PrivateClusterPort}");
            var cluster = new PrivatePostgresCluster(Path.Combine(work, "pg"), options.PrivateClusterPort, logger);
            await cluster.StartAsync(cancellationToken);
            server = cluster.ConnectionString();
        }

        progress.Stage("Creating fresh source and warehouse databases, lake and drop folder");
        var source = await RecreateDatabaseAsync(server, $"{options.DatabasePrefix}_source", cancellationToken);
        var warehouse = await RecreateDatabaseAsync(server, $"{options.DatabasePrefix}_warehouse", cancellationToken);
        var lakeRoot = ResetDirectory(Path.Combine(work, "lake"));
        var drop = ResetDirectory(Path.Combine(work, "sftp-drop"));

        progress.Stage("Seeding the sources from the real Olist data (marketplace database, review API, CSV drop)");
        var seedWatch = System.Diagnostics.Stopwatch.StartNew();
        var dataset = await OlistDataset.LoadAsync(cancellationToken: cancellationToken);
        if (options.Scale > 1) dataset = dataset.ScaleUp(options.Scale);
        var settings = new DemoSourceSettings { SourceConnectionString = source, DropDirectory = drop };
        var seeder = new DemoSeeder(settings, dataset);
        var seeded = await seeder.SeedAsync(cancellationToken);
        var environment = new DemoEnvironment(settings, seeder)
        {
            WarehouseConnectionString = warehouse,
            SeedSeconds = seedWatch.Elapsed.TotalSeconds,
        };
        progress.Stage($"Seeded in {environment.SeedSeconds:F1} s: "
            + string.Join(", ", seeded.Tables.Select(t => $"{t.Target} {t.Seeded:N0} (+{t.HeldBack:N0} held back)")));
        try
        {
            await environment.StartServersAsync(work, lakeRoot, progress, cancellationToken);
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
        return environment;
    }

    private async Task StartServersAsync(string work, string lakeRoot, IDemoProgress progress,
        CancellationToken cancellationToken)
    {
        var clientId = "demo-lake";
        var clientSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var reviewApi = await ReviewApiServer.StartAsync(
            new ReviewApiServerOptions
            {
                ConnectionString = SourceConnectionString, ClientId = clientId, ClientSecret = clientSecret,
            },
            cancellationToken);
        _servers.Add(reviewApi);
        progress.Stage($"Review API serving on {reviewApi.BaseAddress}");
        var sgsApi = await SgsApiServer.StartAsync(
            new SgsApiServerOptions { DataDirectory = SourceSettings.EconomicsDataDirectory }, cancellationToken);
        _servers.Add(sgsApi);
        progress.Stage(
            $"SGS API (real Banco Central values from {sgsApi.Dataset.Directory}) serving on {sgsApi.BaseAddress}");
        var sftp = await DemoSftpServer.StartAsync(ResetDirectory(Path.Combine(work, "sshd")),
            cancellationToken: cancellationToken);
        _servers.Add(sftp);
        SftpEndpoint = $"{sftp.Endpoint}{DropDirectory}";
        progress.Stage($"SFTP drop serving {DropDirectory} on {SftpEndpoint} (OpenSSH sshd, key authentication; "
            + $"host key {sftp.HostKeyFingerprint} pinned in {sftp.KnownHostsFile}, read with SSH.NET)");

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        LakeSettings["ConnectionStrings:Warehouse"] = WarehouseConnectionString;
        LakeSettings["ConnectionStrings:Orchestrator"] = WarehouseConnectionString;
        LakeSettings["Sources:Marketplace:ConnectionString"] = SourceConnectionString;
        LakeSettings["Sources:Reviews:BaseUrl"] = reviewApi.BaseAddress.ToString();
        LakeSettings["Sources:Reviews:ClientId"] = clientId;
        LakeSettings["Sources:Reviews:ClientSecret"] = clientSecret;
        LakeSettings["Sources:Economics:BaseUrl"] = sgsApi.BaseAddress.ToString();
        LakeSettings["Sources:Economics:StartDate"] = SourceSettings.EconomicsStartDate.ToString("yyyy-MM-dd",
            invariant);
        LakeSettings["Sources:Files:Transport"] = "Sftp";
        LakeSettings["Sources:Files:Sftp:Host"] = sftp.Host;
        LakeSettings["Sources:Files:Sftp:Port"] = sftp.Port.ToString(invariant);
        LakeSettings["Sources:Files:Sftp:Username"] = sftp.Username;
        LakeSettings["Sources:Files:Sftp:PrivateKeyFile"] = sftp.PrivateKeyFile;
        LakeSettings["Sources:Files:Sftp:KnownHostsFile"] = sftp.KnownHostsFile;
        LakeSettings["Sources:Files:Sftp:RemoteDirectory"] = DropDirectory;
        LakeSettings["Lake:Root"] = lakeRoot;
        LakeSettings["Bus:Transport"] = "InMemory";
    }

    /// <summary>Stops the review API, SGS API and SFTP servers, last started first.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _servers.Count - 1; i >= 0; i--) await _servers[i].DisposeAsync();
        _servers.Clear();
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
            await using var create = new NpgsqlCommand(PrivatePostgresCluster.CreateDatabase(database), connection);
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
