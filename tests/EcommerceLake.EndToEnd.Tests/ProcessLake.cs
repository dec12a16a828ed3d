using System.Net;
using System.Net.Sockets;
using EcommerceLake.Cli.Embedded;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.EndToEnd.Tests;

/// <summary>
/// The service hosts as separate OS processes on a test bus (a RabbitMQ virtual host or the Pub/Sub fake), shared by
/// the several-processes tests: common settings, starting a host and waiting until it is ready, and requesting a run
/// followed over the bus.
/// </summary>
internal sealed class ProcessLake : IAsyncDisposable
{
    private readonly List<ServiceProcess> _processes = [];

    /// <summary>Settings every host gets: the bus, the warehouse and orchestrator database, the lake, the
    /// sources.</summary>
    public ProcessLake(ITestBus bus, string warehouseConnectionString, string sourceConnectionString,
        string dropDirectory, string lakeRoot)
    {
        Settings = HostSettings(bus, warehouseConnectionString, warehouseConnectionString, sourceConnectionString,
            dropDirectory, lakeRoot);
    }

    /// <summary>
    /// The settings every multi-process host needs: the bus on <paramref name="bus"/>, the warehouse and orchestrator
    /// databases, the sources (reviews and economics unused, the files drop at <paramref name="dropDirectory"/>) and
    /// the lake root. The run is requested by the test: no source detector may start one of its own.
    /// </summary>
    public static Dictionary<string, string?> HostSettings(ITestBus bus, string warehouseConnectionString,
        string orchestratorConnectionString, string sourceConnectionString, string dropDirectory, string lakeRoot) =>
        new(bus.BusSettings())
        {
            ["ConnectionStrings:Warehouse"] = warehouseConnectionString,
            ["ConnectionStrings:Orchestrator"] = orchestratorConnectionString,
            ["Sources:Marketplace:ConnectionString"] = sourceConnectionString,
            ["Sources:Reviews:BaseUrl"] = "http://127.0.0.1:9/",
            ["Sources:Reviews:ClientId"] = "unused",
            ["Sources:Reviews:ClientSecret"] = "unused",
            ["Sources:Files:DropDirectory"] = dropDirectory,
            ["Sources:Economics:Enabled"] = "false",
            ["Lake:Root"] = lakeRoot,
            ["Detectors:Files:Enabled"] = "false",
            ["Detectors:Marketplace:Enabled"] = "false",
            // The hosts listen on loopback; the tests follow runs over the bus, not the operations API.
            ["Orchestrator:Auth:LocalOnly"] = "true",
        };

    /// <summary>The settings passed to every host (add to them before starting hosts).</summary>
    public Dictionary<string, string?> Settings { get; }

    /// <summary>The hosts started so far.</summary>
    public IReadOnlyList<ServiceProcess> Processes => _processes;

    /// <summary>Everything the hosts printed, for failure messages.</summary>
    public string Output => string.Join("\n", _processes.Select(p => $"----- {p.Name}\n{p.Output}"));

    /// <summary>Starts a host of <paramref name="service"/> with the common settings plus <paramref name="extra"/>,
    /// and waits until it is ready.</summary>
    public async Task<ServiceProcess> StartAsync(string service, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return await StartOnFreePortAsync(service, settings, _processes.Add);
    }

    /// <summary>Requests a run of <paramref name="sources"/> over the bus and waits (up to
    /// <paramref name="timeout"/>) for its end.</summary>
    public async Task<(Guid RunId, RunReport Report)> RunAsync(string[] sources, TimeSpan timeout)
    {
        await using var observer = await StartObserverAsync(Settings);
        var watcher = observer.Services.GetRequiredService<RunWatcher>();
        var runId = NewId.NextGuid();
        await observer.Services.GetRequiredService<IBus>().Publish(new RequestRun
        {
            RunId = runId,
            Sources = sources,
            Trigger = RunTrigger.Api,
            RequestedBy = "test",
        });
        using var deadline = new CancellationTokenSource(timeout);
        var report = await watcher.WaitForEndAsync(runId, deadline.Token);
        return (runId, report);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
    }

    private static async Task<ObserverHost> StartObserverAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(StreamCatalog.Default);
        builder.Services.AddSingleton<RunWatcher>();
        builder.AddLakeBus(bus => bus.AddConsumer<RunEventConsumer>());
        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<IBusControl>()
            .WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return new ObserverHost(host);
    }

    /// <summary>
    /// Starts a host of <paramref name="service"/> on a free loopback port (<c>ASPNETCORE_URLS</c>) and waits until it
    /// is ready. A port is free when <see cref="FreePort"/> returns it, not necessarily when the host binds it: any
    /// process's outgoing connection may take it in between (both come from the ephemeral range). A host that exits
    /// because its port is in use is started again on another one, up to three times; <paramref name="track"/> sees
    /// every process started, for disposal and failure output.
    /// </summary>
    internal static async Task<ServiceProcess> StartOnFreePortAsync(
        string service, Dictionary<string, string?> settings, Action<ServiceProcess> track)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            var process = ServiceProcess.Start(service, settings);
            track(process);
            if (await WaitUntilReadyAsync(process, port, retryIfPortTaken: attempt < 3)) return process;
        }
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200 and the host has logged that it listens on
    /// <paramref name="port"/> (true: another process that took the port may answer too, while this host is still on
    /// its way out), or the host exited because its port was taken and <paramref name="retryIfPortTaken"/> (false);
    /// fails the test when the host exits otherwise or is not ready within 3 minutes.</summary>
    internal static async Task<bool> WaitUntilReadyAsync(ServiceProcess process, int port, bool retryIfPortTaken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await tick.WaitForNextTickAsync(deadline.Token))
        {
            if (!process.IsRunning && retryIfPortTaken
                && process.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                return false;
            process.IsRunning.Should().BeTrue($"{process.Name} exited:\n{process.Output}");
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/health/ready", deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK
                    && process.Output.Contains($"Now listening on: http://127.0.0.1:{port}", StringComparison.Ordinal))
                    return true;
            }
            catch (HttpRequestException)
            {
                // not listening yet: ask again
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // One probe over the client's limit on a loaded machine: probe again until the deadline.
            }
        }
        throw new TimeoutException($"{process.Name} was not ready on port {port}:\n{process.Output}");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class ObserverHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
