using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Cli.Demo;
using EcommerceLake.Cli.Serve;
using EcommerceLake.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Xunit;

namespace EcommerceLake.Orchestrator.Dashboard.Tests;

/// <summary>
/// A real <c>lake serve</c> (<see cref="LakeServer"/>, all four services embedded) on the demo sources seeded from the
/// real Olist data (<see cref="DemoEnvironment"/>: marketplace database, review API, SFTP drop over OpenSSH, SGS API)
/// in fresh databases of the test PostgreSQL server, trusting <see cref="TestTokens"/>; one full run is made through
/// the API before the tests start. Also Debian's Chromium through Playwright, headless, and one browser context per
/// principal: the operator <c>alice</c> and the viewer <c>victor</c>, each sending its bearer token.
/// </summary>
public sealed class ServedLake : IAsyncLifetime
{
    public const string TraceViewer = "http://127.0.0.1:16686/trace/{traceId}";

    private readonly TempDirectory _work = new();
    private DemoEnvironment? _environment;
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private string _prefix = "";

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The full run made at start (completed).</summary>
    public Guid FirstRun { get; private set; }

    /// <summary>Where screenshots go: TestResults/ at the repository root.</summary>
    public static string Results => Directory.CreateDirectory(RepositoryRoot.Combine("TestResults")).FullName;

    public async Task InitializeAsync()
    {
        var prefix = _prefix = $"dash_{Guid.NewGuid():N}"[..16];
        var server = await PostgresDatabase.StartServerAsync();
        _environment = await DemoEnvironment.StartAsync(
            new DemoOptions(WorkDirectory: _work.Path, ServerConnectionString: server, DatabasePrefix: prefix),
            new SilentProgress(), NullLogger.Instance, CancellationToken.None);
        var settings = new Dictionary<string, string?>(_environment.LakeSettings)
        {
            ["Dashboard:TraceViewerUrl"] = TraceViewer,
            ["Logging:LogLevel:Default"] = "Warning",
            // A schedule for the overview to show, whose next tick (29 February, 2028) no test reaches.
            ["Orchestrator:Schedules:economics"] = "0 3 29 2 *",
            ["Orchestrator:ScheduleTimeZone"] = "America/Sao_Paulo",
        };
        foreach (var (key, value) in TestTokens.Settings()) settings[key] = value;
        _app = LakeServer.Build(new ServeOptions("http://127.0.0.1:0", false, false, null, null), settings);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.First());

        using var api = Api("alice", "operator");
        using var started = await api.PostAsJsonAsync("/runs", new { });
        started.EnsureSuccessStatusCode();
        FirstRun = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();
        await WaitForEndAsync(api, FirstRun, TimeSpan.FromMinutes(5));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>The API as <paramref name="user"/> with <paramref name="roles"/>.</summary>
    public HttpClient Api(string user, params string[] roles) =>
        TestTokens.Client(BaseAddress, TestTokens.For(user, roles));

    /// <summary>A browser page signed in as <paramref name="user"/> (its bearer token on every request).</summary>
    public async Task<IPage> PageAsAsync(string user, params string[] roles)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            ExtraHTTPHeaders = new Dictionary<string, string>
            {
                ["Authorization"] = $"Bearer {TestTokens.For(user, roles)}",
            },
        });
        return await context.NewPageAsync();
    }

    /// <summary>Polls <c>GET /runs/{id}</c> until the run has ended; fails after <paramref name="timeout"/>.</summary>
    public static async Task<JsonElement> WaitForEndAsync(HttpClient api, Guid runId, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await timer.WaitForNextTickAsync(cancel.Token))
        {
            using var answer = await api.GetAsync($"/runs/{runId}", cancel.Token);
            if (!answer.IsSuccessStatusCode) continue;
            var run = (await answer.Content.ReadFromJsonAsync<JsonElement>(cancel.Token)).GetProperty("run");
            if (run.GetProperty("completedAt").ValueKind == JsonValueKind.String) return run;
        }
        throw new TimeoutException($"Run {runId} did not end within {timeout}.");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_environment is not null) await _environment.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using (var connection = new Npgsql.NpgsqlConnection(PostgresDatabase.ServerConnectionString))
        {
            await connection.OpenAsync();
            foreach (var database in new[] { $"{_prefix}_source", $"{_prefix}_warehouse" })
            {
                await using var drop = new Npgsql.NpgsqlCommand(
                    $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
        _work.Dispose();
    }

    private sealed class SilentProgress : IDemoProgress
    {
        public void Stage(string message) { }

        public void RunChanged(string label, Cli.Embedded.RunReport report) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ServedLakeCollection : ICollectionFixture<ServedLake>
{
    public const string Name = "served lake";
}
