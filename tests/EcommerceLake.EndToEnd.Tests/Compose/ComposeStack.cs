using System.Diagnostics;
using System.Security.Cryptography;
using EcommerceLake.DemoSources.Sftp;
using EcommerceLake.Testing;
using Npgsql;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests.Compose;

/// <summary>
/// docker-compose.yml brought up as a project of its own (<c>lake-&lt;run id&gt;-…</c>) with Debian's docker-compose
/// 1.29 (or any <c>docker-compose</c> on PATH): fresh secrets, SFTP keys and a drop holding the real Olist partner
/// files in a temporary state directory (<c>LAKE_STATE</c>), every host port free and on 127.0.0.1, the images named by
/// <c>LAKE_*_IMAGE</c> / <c>LAKE_IMAGE_TAG</c> as the environment gives them (never built here: <c>--no-build</c>).
/// Up until every container is healthy; <c>down -v</c> on dispose.
/// </summary>
public sealed class ComposeStack : IAsyncLifetime
{
    /// <summary>The Olist files the SFTP drop holds.</summary>
    public static readonly string[] DroppedFiles =
        ["olist_sellers_dataset.csv", "olist_products_dataset.csv", "product_category_name_translation.csv"];

    private static readonly string[] Services =
        ["postgres", "rabbitmq", "sftp", "ingestion", "processing", "warehouse", "orchestrator"];
    private readonly TempDirectory _state = new("lake-compose");
    /// <summary>
    /// <c>lake-&lt;run id&gt;-&lt;8 hex&gt;</c>, the run id being <c>LAKE_TEST_RUN_ID</c>
    /// (<c>test-&lt;epoch&gt;-&lt;pid of test.sh&gt;</c>) or <c>manual</c>: scripts/test.sh removes a project whose
    /// test.sh is gone by that name.
    /// </summary>
    private readonly string _project = $"lake-{ServiceContainers.RunId}-{Guid.NewGuid():N}"[..^24];
    private readonly string _postgresPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private bool _up;

    /// <summary>The drop directory of this machine the SFTP container serves.</summary>
    public string DropDirectory => Path.Combine(_state.Path, "sftp-drop");

    /// <summary>The orchestrator's API, on its published port.</summary>
    public Uri Orchestrator { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The issuer docker-compose.yml gives the orchestrator (<c>Orchestrator__Auth__Issuer</c>).</summary>
    public const string TokenIssuer = "https://lake.local/";

    /// <summary>This stack's operations signing key (48 random bytes), written to its
    /// <c>operations_signing_key</c> secret; tokens signed with it are trusted by the stack's orchestrator.</summary>
    public byte[] SigningKey { get; } = RandomNumberGenerator.GetBytes(48);

    /// <summary>Connection string of the stack's warehouse database (user lake), on its published port.</summary>
    public string WarehouseConnectionString { get; private set; } = "";

    /// <summary>What the stack's containers logged, for failure messages.</summary>
    public Task<string> LogsAsync() => ComposeAsync(["logs", "--no-color", "--tail", "40"], check: false);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await WriteStateAsync();
        _up = true;
        await ComposeAsync(["up", "-d", "--no-build"]);
        await WaitHealthyAsync(TimeSpan.FromMinutes(5));
        Orchestrator = new Uri($"http://{await PortAsync("orchestrator", 8080)}/");
        var postgres = (await PortAsync("postgres", 5432)).Split(':');
        WarehouseConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = postgres[0], Port = int.Parse(postgres[1], System.Globalization.CultureInfo.InvariantCulture),
            Username = "lake", Password = _postgresPassword, Database = "lake_warehouse",
        }.ConnectionString;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_up) await ComposeAsync(["down", "-v", "--remove-orphans", "--timeout", "5"], check: false);
        _state.Dispose();
    }

    /// <summary>The id of the container of <paramref name="service"/>.</summary>
    public async Task<string> ContainerAsync(string service) => (await ComposeAsync(["ps", "-q", service])).Trim();

    /// <summary>Runs <c>docker</c> with <paramref name="args"/> and returns its stdout.</summary>
    /// <exception cref="InvalidOperationException">It exited non-zero (the message holds its output).</exception>
    public static Task<string> DockerAsync(params string[] args) => RunAsync("docker", args, null, check: true);

    /// <summary>Waits until every service's container reports healthy (a restarted one included).</summary>
    /// <exception cref="TimeoutException">Not all healthy within <paramref name="timeout"/>; names the
    /// others.</exception>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var states = "";
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(2));
        while (DateTime.UtcNow < deadline)
        {
            var ids = (await ComposeAsync(["ps", "-q"])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length >= Services.Length)
            {
                states = await DockerAsync(["inspect", "-f",
                    "{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}", .. ids]);
                if (states.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .All(l => l.EndsWith(" healthy", StringComparison.Ordinal)))
                    return;
            }
            await tick.WaitForNextTickAsync();
        }
        throw new TimeoutException(
            $"The compose stack was not healthy within {timeout}:\n{states}\n{await LogsAsync()}");
    }

    private async Task<string> PortAsync(string service, int port) =>
        (await ComposeAsync(["port", service, port.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            .Trim();

    private async Task WriteStateAsync()
    {
        var secrets = Directory.CreateDirectory(Path.Combine(_state.Path, "secrets")).FullName;
        var keys = Directory.CreateDirectory(Path.Combine(_state.Path, "sftp-keys")).FullName;
        var rabbitPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllTextAsync(Path.Combine(secrets, "postgres_password"), _postgresPassword);
        await File.WriteAllTextAsync(Path.Combine(secrets, "rabbitmq_password"), rabbitPassword);
        await File.WriteAllTextAsync(Path.Combine(secrets, "pgpass"), $"postgres:5432:*:lake:{_postgresPassword}\n");
        await File.WriteAllTextAsync(Path.Combine(secrets, "reviews_client_secret"), "unused-by-the-files-source");
        await File.WriteAllTextAsync(
            Path.Combine(secrets, "operations_signing_key"), Convert.ToBase64String(SigningKey));
        await DemoSftpServer.GenerateKeyAsync(Path.Combine(keys, "id_ed25519"), "lake-compose-user");
        await DemoSftpServer.GenerateKeyAsync(Path.Combine(keys, "host_ed25519_key"), "lake-compose-host");
        var hostKey = (await File.ReadAllTextAsync(Path.Combine(keys, "host_ed25519_key.pub"))).Split(' ');
        await File.WriteAllTextAsync(Path.Combine(keys, "known_hosts"), $"sftp {hostKey[0]} {hostKey[1]}\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(secrets, "pgpass"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await OlistFiles.DropAsync(DropDirectory, DroppedFiles);
    }

    private Task<string> ComposeAsync(string[] args, bool check = true) =>
        RunAsync("docker-compose", ["-f", RepositoryRoot.Combine("docker-compose.yml"), "-p", _project, .. args],
            new Dictionary<string, string>
            {
                ["LAKE_STATE"] = _state.Path,
                ["LAKE_POSTGRES_PORT"] = "", ["LAKE_RABBITMQ_PORT"] = "", ["LAKE_RABBITMQ_UI_PORT"] = "",
                ["LAKE_SFTP_PORT"] = "", ["LAKE_ORCHESTRATOR_PORT"] = "",
                ["LAKE_POSTGRES_IMAGE"] = Variable("LAKE_POSTGRES_IMAGE", ServiceContainers.PostgresImageVariable),
                ["LAKE_RABBITMQ_IMAGE"] = Variable("LAKE_RABBITMQ_IMAGE", ServiceContainers.RabbitMqImageVariable),
                ["LAKE_SFTP_IMAGE"] = Variable("LAKE_SFTP_IMAGE", ServiceContainers.SftpImageVariable),
            }, check);

    // The stack's image variable, else the test fixtures' one, else the compose file's default.
    private static string Variable(string name, string testName) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value
        : Environment.GetEnvironmentVariable(testName) ?? "";

    private static async Task<string> RunAsync(
        string file, string[] args, Dictionary<string, string>? environment, bool check)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? [])
        {
            if (value.Length == 0 && key.EndsWith("_IMAGE", StringComparison.Ordinal)) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"{file} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await error}{await output}");
        return await output;
    }
}
