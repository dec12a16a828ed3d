using System.Text.RegularExpressions;
using EcommerceLake.Cli.Demo;
using EcommerceLake.DemoSources;
using EcommerceLake.DemoSources.Olist;
using EcommerceLake.DemoSources.Seeding;
using EcommerceLake.DemoSources.Snapshot;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests;

/// <summary>
/// Per-service scaling: two ingestion and two processing processes (competing consumers on the same RabbitMQ queues or
/// Pub/Sub subscriptions, prefetch 1) with one warehouse and one orchestrator; a run of the files and marketplace
/// sources completes, both instances of each scaled service do work, no stream is extracted or processed twice, and
/// trusted equals the source.
/// </summary>
public sealed partial class When_services_are_scaled_out : IClassFixture<PostgresDatabase>, IDisposable
{
    private static readonly string[] Sources = ["files", "marketplace"];
    private readonly PostgresDatabase _database;
    private readonly TempDirectory _work = new("lake-scaled");

    public When_services_are_scaled_out(PostgresDatabase database)
    {
        _database = database;
    }

    public static TheoryTransports Transports => TestBuses.All;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Should_spread_the_streams_over_the_instances_and_handle_each_once(string transport)
    {
        await using var bus = await TestBuses.StartAsync(transport);
        var source = await _database.CreateDatabaseAsync("source_" + transport.ToLowerInvariant());
        var warehouse = await _database.CreateDatabaseAsync("scaled_" + transport.ToLowerInvariant());
        var drop = Directory.CreateDirectory(Path.Combine(_work.Path, transport, "drop")).FullName;
        var sourceSettings = new DemoSourceSettings { SourceConnectionString = source, DropDirectory = drop };
        await new DemoSeeder(sourceSettings, await OlistDataset.LoadAsync()).SeedAsync();

        await using var lake = new ProcessLake(bus, warehouse, source, drop,
            Path.Combine(_work.Path, transport, "lake"));
        lake.Settings["Bus:PrefetchCount"] = "1";
        lake.Settings["Ingestion:ConcurrentExtractions"] = "1";
        var ingestion = new[] { await lake.StartAsync("Ingestion"), await lake.StartAsync("Ingestion") };
        var processing = new[] { await lake.StartAsync("Processing"), await lake.StartAsync("Processing") };
        await lake.StartAsync("Warehouse");
        await lake.StartAsync("Orchestrator");

        var (_, report) = await lake.RunAsync(Sources, TimeSpan.FromMinutes(8));
        report.Outcome.Should().Be("Completed", report.Reason + lake.Output);

        var streams = StreamCatalog.Default.All.Where(s => Sources.Contains(s.Source)).Select(s => s.Key).Order()
            .ToList();
        // The hosts' console logger writes asynchronously: wait until every stream's lines arrived before counting.
        var extracted = await WaitForLinesAsync(ingestion, ExtractedLine(), streams.Count, lake);
        var processed = await WaitForLinesAsync(processing, ProcessedLine(), streams.Count, lake);

        extracted.SelectMany(p => p).Order().Should()
            .Equal(streams, "each stream's land batch is extracted exactly once");
        processed.SelectMany(p => p).Order().Should()
            .Equal(streams, "each stream's land batch is processed exactly once");
        extracted.Should().AllSatisfy(p => p.Should().NotBeEmpty("both ingestion instances take work"));
        processed.Should().AllSatisfy(p => p.Should().NotBeEmpty("both processing instances take work"));

        var snapshot = new SourceSnapshot(sourceSettings);
        foreach (var spec in StreamCatalog.Default.All.Where(s => Sources.Contains(s.Source)))
        {
            var expected = await snapshot.ReadAsync(spec);
            var verification = await TrustedVerifier.CompareAsync(
                warehouse, spec, expected.Rows, CancellationToken.None);
            verification.Matches.Should().BeTrue($"{spec.Key}: {string.Join("; ", verification.Examples)}");
            verification.SourceRows.Should().Be(verification.TrustedRows);
        }
    }

    public void Dispose() => _work.Dispose();

    /// <summary>Waits until the processes printed <paramref name="total"/> matching lines; returns each process's
    /// streams.</summary>
    private static async Task<List<List<string>>> WaitForLinesAsync(
        ServiceProcess[] processes, Regex line, int total, ProcessLake lake)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (true)
        {
            var found = processes
                .Select(p => line.Matches(p.Output).Select(m => m.Groups["stream"].Value).ToList()).ToList();
            if (found.Sum(f => f.Count) >= total) return found;
            if (!await tick.WaitForNextTickAsync(CancellationToken.None) || deadline.IsCancellationRequested)
                throw new TimeoutException(
                    $"Only {found.Sum(f => f.Count)} of {total} lines matching {line}:\n{lake.Output}");
        }
    }

    [GeneratedRegex(@"Extracted \d+ rows of (?<stream>[a-z_]+\.[a-z_]+) \(")]
    private static partial Regex ExtractedLine();

    [GeneratedRegex(@"Processed \d+ rows of (?<stream>[a-z_]+\.[a-z_]+) \(")]
    private static partial Regex ProcessedLine();
}
