using System.Diagnostics;
using EcommerceLake.Cli;
using EcommerceLake.Cli.Demo;
using EcommerceLake.Cli.Embedded;
using EcommerceLake.Hosting;
using EcommerceLake.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace EcommerceLake.Benchmarks;

/// <summary>
/// <c>bench --bus</c>: the three bus transports side by side in one process. (1) Messages per second: N small events
/// published (64 publishes in flight) and consumed through one endpoint, with the production bus settings
/// (<see cref="BusRegistration.AddLakeBus"/>: <c>Bus:PrefetchCount</c> 8, the lake's retry and filters). (2) A whole
/// run's orchestration overhead: one full run seeds the offsets, then runs with no source changed go through the saga
/// and every step (extract, land, raw, trusted, marts) with zero new rows; their median time is the overhead. RabbitMQ
/// is the test broker on a fresh virtual host; Pub/Sub is the contract fake in this process, so its figures include
/// the fake's own CPU.
/// </summary>
internal static class BusBenchmark
{
    private static readonly string[] Transports = ["InMemory", "RabbitMq", "PubSub"];

    public static async Task<int> RunAsync(int messages, int emptyRuns, string work, ILoggerFactory loggers)
    {
        var console = LakeConsole.Create();
        var rates = new Dictionary<string, double>();
        foreach (var transport in Transports)
        {
            await using var bus = await StartBusAsync(transport);
            rates[transport] = await MessagesPerSecondAsync(bus.Settings, messages);
            console.MarkupLine($"{transport}: {rates[transport]:N0} messages/s");
        }

        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Server");
        await using var environment = await DemoEnvironment.StartAsync(
            new DemoOptions(WorkDirectory: work, ServerConnectionString: server, DatabasePrefix: "bench_bus",
                Verify: false), new ConsoleDemoProgress(console), loggers.CreateLogger("bench"),
            CancellationToken.None);
        await using (var seeding = await EmbeddedLake.StartAsync(environment.LakeSettings, LogLevel.Warning,
                         CancellationToken.None))
        {
            var full = await LakeRuns.RunAsync(seeding);
            console.MarkupLine($"Seeding full run (in-memory): {full.DurationSeconds:F2} s, {full.Outcome}");
        }
        var overheads = new Dictionary<string, List<double>>();
        foreach (var transport in Transports)
        {
            await using var bus = await StartBusAsync(transport);
            var settings = new Dictionary<string, string?>(environment.LakeSettings);
            foreach (var (key, value) in bus.Settings) settings[key] = value;
            await using var lake = await EmbeddedLake.StartAsync(settings, LogLevel.Warning, CancellationToken.None);
            var times = await EmptyRun.MeasureAsync(lake, emptyRuns); // after a warm-up: topology made
            overheads[transport] = times.ToList();
            console.MarkupLine($"{transport}: empty runs {string.Join(", ", times.Select(t => t.ToString("F2")))} s");
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]Bus transports: {messages:N0} messages, {emptyRuns} empty runs each[/]");
        foreach (var c in new[] { "transport", "messages/s", "empty run, median s", "min s", "max s" })
            table.AddColumn(c);
        foreach (var transport in Transports)
        {
            var times = overheads[transport].Order().ToList();
            table.AddRow(transport, $"{rates[transport]:N0}", $"{times[times.Count / 2]:F2}", $"{times[0]:F2}",
                $"{times[^1]:F2}");
        }
        console.Write(table);
        console.MarkupLine("messages/s = first publish to last consume of small events through one endpoint;");
        console.MarkupLine("empty run = RequestRun to RunCompleted over every source with no source changed.");
        return 0;
    }

    private static async Task<BenchBus> StartBusAsync(string transport) => transport == "InMemory"
        ? new BenchBus(new Dictionary<string, string?> { ["Bus:Transport"] = "InMemory" }, null)
        : await TestBuses.StartAsync(transport) is var bus ? new BenchBus(bus.BusSettings(), bus) : null!;

    private static async Task<double> MessagesPerSecondAsync(IReadOnlyDictionary<string, string?> busSettings,
        int messages)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(busSettings);
        builder.Logging.ClearProviders();
        var counter = new PingCounter();
        builder.Services.AddSingleton(counter);
        builder.AddLakeBus(x => x.AddConsumer<PingConsumer>().Endpoint(e => e.Name = "bench-ping"));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var bus = host.Services.GetRequiredService<IBus>();
            counter.Expect(1);
            await bus.Publish(new BenchPing { Number = -1 });
            await counter.Done.Task.WaitAsync(TimeSpan.FromMinutes(2));
            counter.Expect(messages);
            var clock = Stopwatch.StartNew();
            using var inFlight = new SemaphoreSlim(64);
            var publishes = Enumerable.Range(0, messages).Select(async i =>
            {
                await inFlight.WaitAsync();
                try
                {
                    await bus.Publish(new BenchPing { Number = i });
                }
                finally
                {
                    inFlight.Release();
                }
            }).ToList();
            await Task.WhenAll(publishes);
            await counter.Done.Task.WaitAsync(TimeSpan.FromMinutes(10));
            return messages / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await host.StopAsync(TimeSpan.FromSeconds(30));
        }
    }

    private sealed record BenchBus(IReadOnlyDictionary<string, string?> Settings, ITestBus? Bus) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (Bus is not null) await Bus.DisposeAsync();
        }
    }
}

/// <summary>The small event the throughput measurement sends.</summary>
public sealed record BenchPing
{
    public required int Number { get; init; }
}

/// <summary>Counts consumed pings and completes when the expected number arrived.</summary>
public sealed class PingCounter
{
    private int _seen;
    private int _expected;
    public TaskCompletionSource Done { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Expect(int count)
    {
        _seen = 0;
        _expected = count;
        Done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Seen()
    {
        if (Interlocked.Increment(ref _seen) == _expected) Done.TrySetResult();
    }
}

/// <summary>Counts each ping.</summary>
public sealed class PingConsumer(PingCounter counter) : IConsumer<BenchPing>
{
    public Task Consume(ConsumeContext<BenchPing> context)
    {
        counter.Seen();
        return Task.CompletedTask;
    }
}
