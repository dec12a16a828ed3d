using System.Diagnostics;
using System.Text.Json;
using EcommerceLake.Cli.Demo;
using EcommerceLake.Contracts;
using EcommerceLake.DemoSources.Snapshot;
using EcommerceLake.Hosting;
using EcommerceLake.Postgres;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace EcommerceLake.EndToEnd.Tests.Faults;

/// <summary>
/// The fault-injection harness: the four service hosts as OS processes on a fresh test bus (a RabbitMQ virtual host
/// or the Pub/Sub fake under a prefix of its own), with their
/// own warehouse and orchestrator databases, running the files source over the real Olist CSVs. It requests a run,
/// follows it in the orchestrator's <c>pipeline_runs</c> row, kills (SIGKILL) and restarts a service at a given step,
/// and checks what must hold after any fault: leases released, offsets committed once, trusted equal to the source
/// without duplicate keys.
/// </summary>
internal sealed class FaultLake : IAsyncDisposable
{
    /// <summary>The source every fault case runs.</summary>
    public const string Source = "files";

    private static readonly string[] Services = ["Ingestion", "Processing", "Warehouse", "Orchestrator"];

    private static readonly string[] DroppedFiles =
        ["olist_sellers_dataset.csv", "olist_products_dataset.csv", "product_category_name_translation.csv"];

    private ITestBus _bus = null!;
    private readonly PostgresDatabase _databases = new();
    private readonly TempDirectory _work = new("lake-faults");
    private readonly Dictionary<string, ServiceProcess> _running = new(StringComparer.Ordinal);
    private readonly List<ServiceProcess> _started = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, string?>> _extra = new(StringComparer.Ordinal);
    private IHost? _probe;

    private FaultLake()
    {
    }

    /// <summary>The bus the hosts run on (<c>RabbitMq</c> or <c>PubSub</c>).</summary>
    public string Transport => _bus.Transport;

    /// <summary>The warehouse database (land/raw/trusted/marts).</summary>
    public string WarehouseConnectionString { get; private set; } = "";

    /// <summary>The orchestrator database (saga, offsets, leases).</summary>
    public string OrchestratorConnectionString { get; private set; } = "";

    /// <summary>The folder the files source reads.</summary>
    public string DropDirectory { get; private set; } = "";

    /// <summary>This lake's RabbitMQ virtual host (RabbitMQ only).</summary>
    public string VirtualHost => ((RabbitMqVirtualHost)_bus).Name;

    /// <summary>Copies delivered by the duplicator (empty unless created with <c>duplicateMessages</c>).</summary>
    public DuplicateCount Duplicates { get; } = new();

    /// <summary>Everything the hosts printed, for failure messages (the last 200 lines of each).</summary>
    public string Output
    {
        get
        {
            lock (_started)
                return string.Join("\n", _started.Select(p => $"----- {p.Name}\n{Tail(p.Output, 200)}"));
        }
    }

    /// <summary>
    /// Creates the virtual host, the databases and the drop, starts the four hosts (the orchestrator with
    /// <paramref name="orchestratorSettings"/>) and the test's own bus endpoint (which duplicates every step message
    /// when <paramref name="duplicateMessages"/>).
    /// </summary>
    public static async Task<FaultLake> StartAsync(string transport,
        IReadOnlyDictionary<string, string?>? orchestratorSettings = null, bool duplicateMessages = false)
    {
        var lake = new FaultLake();
        try
        {
            lake._bus = await TestBuses.StartAsync(transport);
            await lake._databases.InitializeAsync();
            lake.WarehouseConnectionString = lake._databases.ConnectionString;
            lake.OrchestratorConnectionString = await lake._databases.CreateDatabaseAsync("orchestrator");
            lake.DropDirectory = await OlistFiles.DropAsync(Path.Combine(lake._work.Path, "drop"), DroppedFiles);
            if (orchestratorSettings is not null) lake._extra["Orchestrator"] = orchestratorSettings;
            await Task.WhenAll(Services.Select(lake.StartServiceAsync));
            lake._probe = await lake.StartProbeAsync(duplicateMessages);
            return lake;
        }
        catch
        {
            await lake.DisposeAsync();
            throw;
        }
    }

    /// <summary>Publishes <c>RequestRun</c> for the files source and returns the run id.</summary>
    public async Task<Guid> RequestRunAsync()
    {
        var runId = NewId.NextGuid();
        var bus = _probe!.Services.GetRequiredService<IBus>();
        await bus.Publish(new RequestRun
        {
            RunId = runId,
            Sources = [Source],
            Trigger = RunTrigger.Api,
            RequestedBy = "fault-suite",
        });
        return runId;
    }

    /// <summary>Starts a host of <paramref name="service"/> (again after a kill) and waits until ready.</summary>
    public async Task StartServiceAsync(string service)
    {
        var settings = Settings();
        foreach (var (key, value) in _extra.GetValueOrDefault(service) ?? new Dictionary<string, string?>())
            settings[key] = value;
        await ProcessLake.StartOnFreePortAsync(service, settings, process =>
        {
            lock (_started)
            {
                _started.Add(process);
                _running[service] = process;
            }
        });
    }

    /// <summary>Kills the running host of <paramref name="service"/> with SIGKILL (no graceful stop).</summary>
    public async Task KillAsync(string service)
    {
        ServiceProcess process;
        lock (_started) process = _running[service];
        await process.KillAsync();
    }

    /// <summary>The run's row in <c>orchestrator.pipeline_runs</c>, or null before the saga wrote it.</summary>
    public async Task<RunSnapshot?> ReadRunAsync(Guid runId)
    {
        await using var connection = new NpgsqlConnection(OrchestratorConnectionString);
        await connection.OpenAsync();
        const string sql =
            "SELECT current_state, streams::text, error FROM orchestrator.pipeline_runs WHERE run_id = @id";
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", runId);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) return null;
            var state = reader.GetString(0);
            var error = reader.IsDBNull(2) ? null : reader.GetString(2);
            return new RunSnapshot(state, ParseStreams(reader.GetString(1)), error);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // the orchestrator has not migrated its schema yet
        }
    }

    /// <summary>Polls the run's row until <paramref name="condition"/> holds; fails after <paramref name="timeout"/>.
    /// </summary>
    public async Task<RunSnapshot> WaitForAsync(
        Guid runId, Func<RunSnapshot, bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        RunSnapshot? last = null;
        while (clock.Elapsed < timeout)
        {
            last = await ReadRunAsync(runId);
            if (last is not null && condition(last)) return last;
            await tick.WaitForNextTickAsync();
        }
        throw new TimeoutException(
            $"Run {runId}: not {what} within {timeout.TotalSeconds:0} s; last seen {last}.\n{Output}");
    }

    /// <summary>Waits for the run to reach Completed or Failed.</summary>
    public Task<RunSnapshot> WaitForEndAsync(Guid runId, TimeSpan timeout) =>
        WaitForAsync(runId, r => r.HasEnded, timeout, "Completed or Failed");

    /// <summary>
    /// Waits until the run is at <paramref name="step"/> (a stream in that status, or the run building its marts).
    /// Returns true when it was seen there, false when the run had already gone past it everywhere.
    /// </summary>
    public async Task<bool> WaitForStepAsync(Guid runId, FaultStep step, TimeSpan timeout)
    {
        var seen = await WaitForAsync(runId, r => r.IsAt(step) || r.IsPast(step), timeout, $"at {step}");
        return seen.IsAt(step);
    }

    /// <summary>
    /// Closes every connection of this lake's virtual host (what a broker restart does to clients). On Pub/Sub, whose
    /// clients hold no connection state, the next 20 requests of any kind lose their connection instead.
    /// </summary>
    /// <returns>How many connections were closed (requests dropped on Pub/Sub).</returns>
    public async Task<int> CloseBrokerConnectionsAsync()
    {
        if (_bus is PubSubTestBus pubsub)
        {
            const int dropped = 20;
            var before = pubsub.Fake.Requests.Count(r => r.Status == 0);
            pubsub.Fake.DropNext(Testing.Fakes.PubSub.FakePubSubOperation.Any, dropped);
            await WaitUntilAsync(() => pubsub.Fake.Requests.Count(r => r.Status == 0) - before >= dropped,
                TimeSpan.FromSeconds(30));
            return dropped;
        }
        var listing = await RabbitMqCtlAsync("-q", "--no-table-headers", "list_connections", "vhost", "pid");
        var pids = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 2 && fields[0] == VirtualHost)
            .Select(fields => fields[1].Trim())
            .ToList();
        foreach (var pid in pids) await RabbitMqCtlAsync("-q", "close_connection", pid, "fault-suite: broker restart");
        return pids.Count;
    }

    /// <summary>
    /// Waits until the duplicator copied every step command of <paramref name="streams"/> streams and
    /// <c>BuildMarts</c>, and every queue of the virtual host is empty (the copies were handled), within
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForDuplicatesHandledAsync(int streams, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var queues = "";
        while (clock.Elapsed < timeout)
        {
            var copied = new[] { "ExtractStream", "ProcessStream", "LoadStream" }.All(c => Duplicates.Of(c) >= streams)
                && Duplicates.Of("BuildMarts") >= 1;
            bool busy;
            if (_bus is PubSubTestBus pubsub)
            {
                var unhandled = pubsub.Unhandled();
                queues = $"{unhandled} messages unacknowledged";
                busy = unhandled > 0;
            }
            else
            {
                queues = await RabbitMqCtlAsync(
                    "-q", "--no-table-headers", "list_queues", "-p", VirtualHost, "name", "messages");
                busy = queues.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(line => line.Split('\t'))
                    .Any(f => f.Length == 2 && !f[0].EndsWith("_error", StringComparison.Ordinal)
                              && f[1].Trim() != "0");
            }
            if (copied && !busy) return;
            await tick.WaitForNextTickAsync();
        }
        throw new TimeoutException(
            $"Copies not all made and handled within {timeout.TotalSeconds:0} s: {Duplicates}; queues:\n{queues}");
    }

    /// <summary>Terminates the warehouse database's busy sessions (not idle ones); returns how many.</summary>
    public async Task<int> TerminateWarehouseSessionsAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(WarehouseConnectionString).Database;
        var terminated = await PostgresDatabase.QueryColumnAsync(
            PostgresDatabase.ServerConnectionString,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity " +
            $"WHERE datname = '{database}' AND pid <> pg_backend_pid() AND state <> 'idle'");
        return terminated.Count(t => t is true);
    }

    /// <summary>
    /// What must hold after any fault, for the run's end <paramref name="end"/>: no source lease left, each loaded
    /// stream's offset committed once by this run (as the saga recorded it) and no other stream's offset moved, and
    /// each loaded stream's trusted table equal to its source file row for row, without duplicate primary keys.
    /// </summary>
    public async Task VerifyAsync(Guid runId, RunSnapshot end)
    {
        var leases = await PostgresDatabase.QueryColumnAsync(OrchestratorConnectionString,
            $"SELECT source FROM orchestrator.source_leases WHERE run_id = '{runId}'");
        leases.Should().BeEmpty("the run released its source leases when it ended");

        var offsets = await ReadOffsetsAsync();
        foreach (var stream in end.Streams)
        {
            var committed = offsets.Where(o => o.Stream == stream.Key).ToList();
            if (stream.Status == "Loaded")
            {
                committed.Should().ContainSingle($"{stream.Key} committed its offset once");
                committed[0].RunId.Should().Be(runId, $"{stream.Key} was committed by this run");
                committed[0].Offset.Should().Be(stream.OffsetTo, $"{stream.Key} committed the offset it extracted to");
            }
            else
            {
                committed.Should().BeEmpty($"{stream.Key} ended {stream.Status}: its offset stays where it was");
            }
        }

        var snapshot = new SourceSnapshot(WarehouseConnectionString, DropDirectory);
        foreach (var spec in StreamCatalog.Default.ForSource(Source))
        {
            var duplicates = await DuplicateKeysAsync(spec);
            duplicates.Should().Be(0, $"trusted.{spec.Table} holds each primary key once");
            if (end.Streams.Single(s => s.Key == spec.Key).Status != "Loaded") continue;
            var expected = await snapshot.ReadAsync(spec);
            var verification = await TrustedVerifier.CompareAsync(
                WarehouseConnectionString, spec, expected.Rows, CancellationToken.None);
            verification.Matches.Should().BeTrue($"{spec.Key}: {string.Join("; ", verification.Examples)}");
            verification.TrustedRows.Should().Be(verification.SourceRows, $"{spec.Key}: trusted has the source rows");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_probe is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _probe.StopAsync(stop.Token);
            _probe.Dispose();
        }
        foreach (var process in _started) await process.DisposeAsync();
        await _databases.DisposeAsync();
        if (_bus is not null) await _bus.DisposeAsync();
        _work.Dispose();
    }

    // The files source only: the marketplace settings are required but never used.
    private Dictionary<string, string?> Settings() => ProcessLake.HostSettings(_bus, WarehouseConnectionString,
        OrchestratorConnectionString, WarehouseConnectionString, DropDirectory, Path.Combine(_work.Path, "lake"));

    private async Task<IHost> StartProbeAsync(bool duplicateMessages)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(Settings());
        builder.Services.AddSingleton(Duplicates);
        builder.AddLakeBus(bus =>
        {
            if (duplicateMessages)
                bus.AddConsumer<MessageDuplicator>().Endpoint(e => e.Name = MessageDuplicator.QueueName);
        });
        var host = builder.Build();
        await host.StartAsync();
        var busControl = host.Services.GetRequiredService<IBusControl>();
        await busControl.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return host;
    }

    private async Task<List<(string Stream, string Offset, Guid RunId)>> ReadOffsetsAsync()
    {
        await using var connection = new NpgsqlConnection(OrchestratorConnectionString);
        await connection.OpenAsync();
        const string sql = "SELECT source || '.' || stream, \"offset\", run_id FROM orchestrator.committed_offsets";
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, Guid)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetGuid(2)));
        return rows;
    }

    private async Task<long> DuplicateKeysAsync(StreamSpec spec)
    {
        var key = string.Join(", ", spec.PrimaryKey.Select(PgNames.Quote));
        var rows = await PostgresDatabase.QueryColumnAsync(WarehouseConnectionString,
            $"SELECT count(*) FROM (SELECT {key} FROM trusted.{PgNames.Quote(spec.Table)} " +
            $"GROUP BY {key} HAVING count(*) > 1) d");
        return (long)rows[0]!;
    }

    private static List<StreamSnapshot> ParseStreams(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(s => new StreamSnapshot(
                $"{Text(s, "Source")}.{Text(s, "Stream")}", Text(s, "Status") ?? "", Text(s, "OffsetTo")))
            .ToList();
    }

    private static string? Text(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) continue;
            return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.ToString();
        }
        return null;
    }

    private Task<string> RabbitMqCtlAsync(params string[] args) =>
        ((RabbitMqVirtualHost)_bus).Broker.RabbitMqCtlAsync(args);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!condition() && clock.Elapsed < timeout) await tick.WaitForNextTickAsync();
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return all.Length <= lines ? text : string.Join('\n', all[^lines..]);
    }
}

/// <summary>One stream of a run as the orchestrator stored it.</summary>
/// <param name="Key"><c>source.stream</c>.</param>
/// <param name="Status">
/// <c>Pending</c>, <c>Extracting</c>, <c>Processing</c>, <c>Loading</c>, <c>Loaded</c>, <c>Failed</c>.
/// </param>
/// <param name="OffsetTo">The offset the extraction reached.</param>
internal sealed record StreamSnapshot(string Key, string Status, string? OffsetTo);

/// <summary>A run's row in <c>orchestrator.pipeline_runs</c>.</summary>
internal sealed record RunSnapshot(string State, IReadOnlyList<StreamSnapshot> Streams, string? Error)
{
    private static readonly string[] Order = ["Pending", "Extracting", "Processing", "Loading", "Loaded"];

    /// <summary>True when the run is Completed or Failed.</summary>
    public bool HasEnded => State is "Completed" or "Failed";

    /// <summary>True when the run is at <paramref name="step"/> now.</summary>
    public bool IsAt(FaultStep step) => step == FaultStep.BuildingMarts
        ? State == "BuildingMarts"
        : State == "Running" && Streams.Any(s => s.Status == step.ToString());

    /// <summary>True when no stream can reach <paramref name="step"/> any more.</summary>
    public bool IsPast(FaultStep step)
    {
        if (HasEnded) return true;
        if (step == FaultStep.BuildingMarts) return false;
        var index = Array.IndexOf(Order, step.ToString());
        return Streams.All(s => s.Status == "Failed" || Array.IndexOf(Order, s.Status) > index);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{State} [{string.Join(", ", Streams.Select(s => $"{s.Key} {s.Status}"))}]" +
        (Error is null ? "" : " " + Error);
}
