using System.Text.Json;
using EcommerceLake.Hosting;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests;

/// <summary>
/// Distributed tracing over the bus (the real RabbitMQ broker, or Pub/Sub's contract fake): the four service hosts as
/// separate processes, each writing its finished spans to its own file (<c>Telemetry:SpanFile</c>); one run of the
/// files source makes one trace, a tree with one root, holding the spans of all four services.
/// </summary>
[Collection(ProcessWideTracing.Name)]
public sealed class When_a_run_is_traced_across_processes : IClassFixture<PostgresDatabase>, IDisposable
{
    private static readonly string[] Services = ["Ingestion", "Processing", "Warehouse", "Orchestrator"];
    private readonly PostgresDatabase _database;
    private readonly TempDirectory _work = new("lake-traced");

    public When_a_run_is_traced_across_processes(PostgresDatabase database)
    {
        _database = database;
    }

    public static TheoryTransports Transports => TestBuses.All;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Should_make_one_trace_per_run_across_the_services(string transport)
    {
        await using var bus = await TestBuses.StartAsync(transport);
        var database = await _database.CreateDatabaseAsync("traced_" + transport.ToLowerInvariant());
        var drop = await OlistFiles.DropAsync(Path.Combine(_work.Path, transport, "drop"),
            "olist_sellers_dataset.csv", "product_category_name_translation.csv");
        var spanFiles = Services
            .Select(s => Path.Combine(_work.Path, transport, "spans", s.ToLowerInvariant() + ".ndjson")).ToArray();
        await using var lake = new ProcessLake(bus, database, database, drop,
            Path.Combine(_work.Path, transport, "lake"));
        for (var i = 0; i < Services.Length; i++)
            await lake.StartAsync(Services[i],
                new Dictionary<string, string?> { ["Telemetry:SpanFile"] = spanFiles[i] });

        var (runId, report) = await lake.RunAsync(["files"], TimeSpan.FromMinutes(5));
        report.Outcome.Should().Be("Completed", report.Reason + lake.Output);

        // Spans are written as they end, and the last ones may end just after the run's end was observed: wait until
        // the trace holds every service and every span's parent.
        var run = runId.ToString();
        List<Span> trace = [];
        string traceId = "";
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (true)
        {
            var spans = spanFiles.SelectMany(ReadSpans).ToList();
            var tagged = spans.Where(s => s.Tags.GetValueOrDefault(LakeTelemetry.RunIdTag) == run).ToList();
            tagged.Select(s => s.TraceId).Distinct().Should()
                .HaveCountLessThanOrEqualTo(1, "every span of the run belongs to one trace");
            traceId = tagged.FirstOrDefault()?.TraceId ?? "";
            trace = spans.Where(s => s.TraceId == traceId).ToList();
            var ids = trace.Select(s => s.SpanId).ToHashSet();
            var complete = traceId != "" && trace.Select(s => s.Service).Distinct().Count() == Services.Length
                && trace.All(s => s.ParentSpanId is null || ids.Contains(s.ParentSpanId));
            if (complete) break;
            if (deadline.IsCancellationRequested) break;
            await tick.WaitForNextTickAsync(CancellationToken.None);
        }

        var describe = string.Join("\n",
            trace.Select(s => $"{s.Service} {s.Source} {s.Name} {s.SpanId} <- {s.ParentSpanId}"));
        traceId.Should().NotBeEmpty("spans tagged with the run id were written");
        trace.Select(s => s.Service).Distinct().Should()
            .BeEquivalentTo(["ingestion", "processing", "warehouse", "orchestrator"], describe);
        trace.Select(s => s.Source).Should().Contain([LakeTelemetry.Ingestion, LakeTelemetry.Processing,
            LakeTelemetry.Warehouse, LakeTelemetry.MassTransitSource]);
        var spanIds = trace.Select(s => s.SpanId).ToHashSet();
        trace.Where(s => s.ParentSpanId is not null).Should().AllSatisfy(s => spanIds.Should().Contain(
            s.ParentSpanId!, $"the parent of {s.Service} {s.Name} is in the trace\n{describe}"));
        trace.Where(s => s.ParentSpanId is null).Should()
            .ContainSingle($"the trace is a tree with one root\n{describe}");

        foreach (var (source, prefix) in new[]
        {
            (LakeTelemetry.Ingestion, "extract "),
            (LakeTelemetry.Processing, "process "),
            (LakeTelemetry.Warehouse, "load ")
        })
        {
            var steps = trace
                .Where(s => s.Source == source && s.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            steps.Should().NotBeEmpty($"{source} has {prefix.Trim()} spans\n{describe}");
            steps.Should().AllSatisfy(s =>
            {
                s.Tags.Should().ContainKey(LakeTelemetry.SourceTag).WhoseValue.Should().Be("files");
                s.Tags.Should().ContainKey(LakeTelemetry.StreamTag);
                s.Tags.Should().ContainKey(LakeTelemetry.RowsTag);
            });
        }
    }

    public void Dispose() => _work.Dispose();

    private static IEnumerable<Span> ReadSpans(string file)
    {
        if (!File.Exists(file)) return [];
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var spans = new List<Span>();
        while (reader.ReadLine() is { } line)
        {
            Span? span;
            try
            {
                span = JsonSerializer.Deserialize<Span>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web));
            }
            catch (JsonException)
            {
                continue; // the last line while it is being appended
            }
            if (span is not null) spans.Add(span);
        }
        return spans;
    }

    private sealed record Span(string TraceId, string SpanId, string? ParentSpanId, string Name, string Source,
        string Service, Dictionary<string, string?> Tags);
}
