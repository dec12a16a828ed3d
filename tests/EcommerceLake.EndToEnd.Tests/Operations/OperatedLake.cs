using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Cli.Demo;
using EcommerceLake.Cli.Serve;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Freshness;
using EcommerceLake.Postgres;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Bus;
using EcommerceLake.Testing.Fakes;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests.Operations;

/// <summary>
/// A real <c>lake serve</c> (<see cref="LakeServer"/>: the four services embedded, the operations API) on the demo
/// sources seeded from the real Olist data (<see cref="DemoEnvironment"/>: marketplace database with change tracking,
/// review API, SFTP drop over OpenSSH, SGS API) in fresh databases of the PostgreSQL test server, trusting
/// <see cref="TestTokens"/>, with one full run made through the API before the tests start.
/// <para>
/// The whole lake runs on <see cref="Clock"/>, a <see cref="FakeTimeProvider"/> that starts on the whole second of the
/// real time and moves only when a test advances it (so the freshness of the real data can be aged without waiting).
/// Its settings: marketplace and files expected every 5 minutes (<c>Freshness:Sources:*</c>), reviews and economics on
/// their defaults (6 hours, 4 days); the monitor's own timer at a day, so that only the tests' checks check; files read
/// without a stability wait (<c>Sources:Files:StabilityInterval</c> 0: the wait is on the clock); alerts to
/// <see cref="Webhook"/>. <see cref="Alerts"/> records the <see cref="AlertRaised"/> and <see cref="AlertCleared"/>
/// events from a receive endpoint of the lake's bus.
/// </para>
/// </summary>
public sealed class OperatedLake : IAsyncLifetime
{
    /// <summary>The expected cadence of marketplace and files in this lake.</summary>
    public static readonly TimeSpan Cadence = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan RunBudget = TimeSpan.FromMinutes(8);
    private readonly TempDirectory _work = new("lake-operated");
    private readonly string _prefix = $"ops_{Guid.NewGuid():N}"[..16];
    private WebApplication? _app;
    private HostReceiveEndpointHandle? _alertEndpoint;

    /// <summary>The clock of the whole lake.</summary>
    public FakeTimeProvider Clock { get; } = WholeSecondNow();

    /// <summary>The sources (seeder for the change batch, drop directory, source database).</summary>
    public DemoEnvironment Environment { get; private set; } = null!;

    /// <summary>The alert webhook's receiver.</summary>
    public FakeAlertReceiver Webhook { get; private set; } = null!;

    /// <summary>Alert events as a subscriber on the lake's bus sees them.</summary>
    public MessageLog Alerts { get; } = new();

    /// <summary>The served lake's services.</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>The lake's freshness monitor.</summary>
    public FreshnessMonitor Monitor => Services.GetRequiredService<FreshnessMonitor>();

    /// <summary>Where the API listens.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The full run made at start (completed).</summary>
    public JsonElement FirstRun { get; private set; }

    public async Task InitializeAsync()
    {
        var server = await PostgresDatabase.StartServerAsync();
        Webhook = await FakeAlertReceiver.StartAsync();
        Environment = await DemoEnvironment.StartAsync(
            new DemoOptions(WorkDirectory: _work.Path, ServerConnectionString: server, DatabasePrefix: _prefix),
            new SilentProgress(), NullLogger.Instance, CancellationToken.None);
        var settings = new Dictionary<string, string?>(Environment.LakeSettings)
        {
            ["Freshness:Sources:marketplace"] = Cadence.ToString(),
            ["Freshness:Sources:files"] = Cadence.ToString(),
            ["Freshness:CheckInterval"] = "1.00:00:00",
            ["Sources:Files:StabilityInterval"] = "00:00:00",
            ["Alerts:WebhookUrl"] = Webhook.Url,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in TestTokens.Settings()) settings[key] = value;
        _app = LakeServer.Build(new ServeOptions("http://127.0.0.1:0", false, false, null, null), settings,
            configureServices: s => s.AddSingleton<TimeProvider>(Clock));
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.First());
        _alertEndpoint = _app.Services.GetRequiredService<IBus>().ConnectReceiveEndpoint(
            $"e2e-alerts-{_prefix}", e =>
            {
                e.Handler<AlertRaised>(c =>
                {
                    Alerts.Add(c.Message);
                    return Task.CompletedTask;
                });
                e.Handler<AlertCleared>(c =>
                {
                    Alerts.Add(c.Message);
                    return Task.CompletedTask;
                });
            });
        await _alertEndpoint.Ready;

        using var api = Api("alice", "operator");
        FirstRun = await RunAsync(api);
    }

    /// <summary>
    /// The API as <paramref name="user"/> with <paramref name="roles"/>: a bearer token valid half an hour either side
    /// of the lake's clock (which is ahead of the real time once a test has advanced it).
    /// </summary>
    public HttpClient Api(string user, params string[] roles) => TestTokens.Client(BaseAddress,
        TestTokens.For(user, roles, expires: Clock.GetUtcNow().UtcDateTime.AddMinutes(30)));

    /// <summary>
    /// Starts a run of <paramref name="sources"/> (every source when none) with <c>POST /runs</c> and polls
    /// <c>GET /runs/{id}</c> until it has ended.
    /// </summary>
    /// <returns>The run's details (<c>run</c>, <c>streams</c>, <c>marts</c>).</returns>
    /// <exception cref="TimeoutException">The run did not end within eight minutes.</exception>
    public async Task<JsonElement> RunAsync(HttpClient api, params string[] sources)
    {
        using var started = await api.PostAsJsonAsync("/runs", new { sources });
        started.EnsureSuccessStatusCode();
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();
        using var cancel = new CancellationTokenSource(RunBudget);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await poll.WaitForNextTickAsync(cancel.Token))
        {
            using var answer = await api.GetAsync($"/runs/{runId}", cancel.Token);
            if (!answer.IsSuccessStatusCode) continue;
            var details = await answer.Content.ReadFromJsonAsync<JsonElement>(cancel.Token);
            if (details.GetProperty("run").GetProperty("completedAt").ValueKind == JsonValueKind.String)
                return details;
        }
        throw new TimeoutException($"Run {runId} did not end within {RunBudget}.");
    }

    /// <summary>The streams of a run's details by <c>source.stream</c>.</summary>
    public static Dictionary<string, JsonElement> StreamsOf(JsonElement details) =>
        details.GetProperty("streams").EnumerateArray().ToDictionary(
            s => $"{s.GetProperty("source").GetString()}.{s.GetProperty("stream").GetString()}");

    /// <summary><c>GET /streams</c> by <c>source.stream</c>.</summary>
    public static async Task<Dictionary<string, JsonElement>> StreamViewsAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/streams")).EnumerateArray().ToDictionary(
            s => $"{s.GetProperty("source").GetString()}.{s.GetProperty("stream").GetString()}");

    /// <summary>
    /// What trusted holds for <paramref name="spec"/>: rows, distinct primary keys, and the MD5 of every spec column
    /// of every row in key order (the lake's own bookkeeping columns left out).
    /// </summary>
    public async Task<(long Rows, long Keys, string Digest)> TrustedAsync(StreamSpec spec)
    {
        string Row(IEnumerable<string> names) => $"row({string.Join(", ", names.Select(PgNames.Quote))})::text";
        var sql = $"""
            SELECT count(*), count(DISTINCT {Row(spec.PrimaryKey)}),
                   md5(coalesce(string_agg({Row(spec.Columns.Select(c => c.Name))}, E'\n'
                       ORDER BY {Row(spec.PrimaryKey)}), ''))
            FROM trusted.{PgNames.Quote(spec.Table)}
            """;
        await using var connection = new NpgsqlConnection(Environment.WarehouseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2));
    }

    /// <summary>Runs <paramref name="sql"/> on the marketplace source database.</summary>
    /// <returns>Rows affected.</returns>
    public async Task<int> ExecuteOnSourceAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Environment.SourceConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_alertEndpoint is not null) await _alertEndpoint.StopAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (Environment is not null) await Environment.DisposeAsync();
        if (Webhook is not null) await Webhook.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using (var connection = new NpgsqlConnection(PostgresDatabase.ServerConnectionString))
        {
            await connection.OpenAsync();
            foreach (var database in new[] { $"{_prefix}_source", $"{_prefix}_warehouse" })
            {
                await using var drop = new NpgsqlCommand(
                    $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
        _work.Dispose();
    }

    /// <summary>A fake clock on the next whole second of the real time: PostgreSQL keeps microseconds, so times written
    /// by the lake come back equal to the clock's.</summary>
    private static FakeTimeProvider WholeSecondNow()
    {
        var now = DateTimeOffset.UtcNow;
        return new FakeTimeProvider(new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond
            + TimeSpan.TicksPerSecond, TimeSpan.Zero));
    }

    private sealed class SilentProgress : IDemoProgress
    {
        public void Stage(string description) { }

        public void RunChanged(string runLabel, Cli.Embedded.RunReport report) { }
    }
}

[CollectionDefinition(Name)]
public sealed class OperatedLakeCollection : ICollectionFixture<OperatedLake>
{
    public const string Name = "operated lake on the real data";
}
