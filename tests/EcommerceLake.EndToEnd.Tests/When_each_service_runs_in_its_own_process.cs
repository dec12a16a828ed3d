using System.IO.Compression;
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
using Xunit;

namespace EcommerceLake.EndToEnd.Tests;

/// <summary>
/// The several-processes shape: the four service hosts as separate OS processes on the real RabbitMQ broker (a fresh
/// virtual host), a run of the files source over the real Olist CSVs requested and followed over the bus.
/// </summary>
public sealed class When_each_service_runs_in_its_own_process : IClassFixture<PostgresDatabase>, IClassFixture<RabbitMqVirtualHost>, IDisposable
{
    private static readonly string[] Services = ["Ingestion", "Processing", "Warehouse", "Orchestrator"];
    private readonly PostgresDatabase _database;
    private readonly RabbitMqVirtualHost _vhost;
    private readonly TempDirectory _work = new("lake-processes");

    public When_each_service_runs_in_its_own_process(PostgresDatabase database, RabbitMqVirtualHost vhost)
    {
        _database = database;
        _vhost = vhost;
    }

    [Fact]
    public async Task Should_complete_a_run_over_RabbitMQ()
    {
        var drop = Directory.CreateDirectory(Path.Combine(_work.Path, "drop")).FullName;
        foreach (var name in new[] { "olist_sellers_dataset.csv", "product_category_name_translation.csv" })
        {
            await using var input = new GZipStream(File.OpenRead(Path.Combine(ServiceProcess.RepositoryRoot(), "data", "olist", name + ".gz")), CompressionMode.Decompress);
            await using var output = File.Create(Path.Combine(drop, name));
            await input.CopyToAsync(output);
        }
        var settings = new Dictionary<string, string?>(_vhost.BusSettings())
        {
            ["ConnectionStrings:Warehouse"] = _database.ConnectionString,
            ["ConnectionStrings:Orchestrator"] = _database.ConnectionString,
            ["Sources:Marketplace:ConnectionString"] = _database.ConnectionString,
            ["Sources:Reviews:BaseUrl"] = "http://127.0.0.1:9/",
            ["Sources:Reviews:ClientId"] = "unused",
            ["Sources:Reviews:ClientSecret"] = "unused",
            ["Sources:Files:DropDirectory"] = drop,
            ["Sources:Economics:Enabled"] = "false",
            ["Lake:Root"] = Path.Combine(_work.Path, "lake"),
            // The run is requested by the test: no source detector or schedule may start one of its own.
            ["Detectors:Files:Enabled"] = "false",
            ["Detectors:Marketplace:Enabled"] = "false",
        };

        var processes = new List<ServiceProcess>();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            foreach (var service in Services)
            {
                var port = FreePort();
                var process = ServiceProcess.Start(service, new Dictionary<string, string?>(settings) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });
                processes.Add(process);
                await WaitUntilReadyAsync(http, process, port);
            }

            await using var observer = await StartObserverAsync(settings);
            var watcher = observer.Services.GetRequiredService<RunWatcher>();
            var runId = NewId.NextGuid();
            await observer.Services.GetRequiredService<IBus>().Publish(new RequestRun(runId, ["files"], "test", "test"));
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var report = await watcher.WaitForEndAsync(runId, timeout.Token);

            report.Outcome.Should().Be("Completed", report.Reason + string.Join("\n", processes.Select(p => p.Output)));
            report.Streams["files.sellers"].TrustedRows.Should().Be(3095);
            report.Streams["files.category_translation"].TrustedRows.Should().Be(71);
            report.Streams["files.products"].LandRows.Should().Be(0);
        }
        finally
        {
            foreach (var process in processes) await process.DisposeAsync();
        }
    }

    public void Dispose() => _work.Dispose();

    private static async Task<ObserverHost> StartObserverAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(StreamCatalog.Default);
        builder.Services.AddSingleton<RunWatcher>();
        builder.AddLakeBus(bus => bus.AddConsumer<RunEventConsumer>());
        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return new ObserverHost(host);
    }

    private static async Task WaitUntilReadyAsync(HttpClient http, ServiceProcess process, int port)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await tick.WaitForNextTickAsync(deadline.Token))
        {
            process.IsRunning.Should().BeTrue($"{process.Name} exited:\n{process.Output}");
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/health/ready", deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !deadline.IsCancellationRequested))
            {
                // not listening yet, or too slow to answer on a loaded machine: ask again
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // One probe over the client's 5 s limit on a loaded machine: probe again until the deadline.
            }
        }
    }

    private static int FreePort()
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
