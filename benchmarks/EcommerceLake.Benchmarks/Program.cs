using EcommerceLake.Benchmarks;
using EcommerceLake.Cli.Demo;
using EcommerceLake.Cli.Embedded;
using Microsoft.Extensions.Logging;
using EcommerceLake.Cli;
using Spectre.Console;

// Timed harness (not BenchmarkDotNet: one pipeline run takes seconds to minutes and owns databases, so it is timed
// end to end once per scale). Usage: bench [--scales 1,10] [--workdir .lake/bench], or bench --bus (see below)
// bench --bus [--messages 2000] [--empty-runs 5]: the bus transports side by side (BusBenchmark).
if (args.Contains("--bus"))
{
    using var busLoggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)
        .SetMinimumLevel(LogLevel.Warning));
    return await BusBenchmark.RunAsync(int.Parse(ArgValue("--messages", "2000")),
        int.Parse(ArgValue("--empty-runs", "5")), ArgValue("--workdir", Path.Combine(".lake", "bench-bus")),
        busLoggers);
}
var scales = ArgValue("--scales", "1,10").Split(',').Select(int.Parse).ToArray();
var work = ArgValue("--workdir", Path.Combine(".lake", "bench"));
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
var server = Environment.GetEnvironmentVariable("ConnectionStrings__Server");
var console = LakeConsole.Create();
var results = new Table().Border(TableBorder.Rounded).Title("[bold]EcommerceLake pipeline vs plain COPY[/]");
foreach (var c in new[] { "scale", "run", "rows", "seconds", "rows/s", "COPY rows/s", "pipeline ÷ COPY" }) results.AddColumn(c);

foreach (var scale in scales)
{
    console.MarkupLine($"[bold]Scale ×{scale}[/]");
    var report = await new DemoJob(loggers).RunAsync(
        new DemoOptions(WorkDirectory: work, ServerConnectionString: server, DatabasePrefix: $"bench_x{scale}", Verify: false, Scale: scale),
        new ConsoleDemoProgress(console), CancellationToken.None);
    if (report.Full?.Outcome != "Completed" || report.Incremental?.Outcome != "Completed")
    {
        console.MarkupLine($"[red]Scale ×{scale}: a run did not complete ({report.Full?.Reason} {report.Incremental?.Reason}).[/]");
        return 1;
    }
    var (copyRows, copySeconds) = await CopyBaseline.RunAsync(report.SourceConnectionString, report.WarehouseConnectionString, report.DropDirectory, CancellationToken.None);
    var copyRate = copyRows / copySeconds;
    foreach (var (label, run) in new[] { ("full", report.Full), ("incremental", report.Incremental) })
    {
        var rows = Rows(run);
        var rate = rows / run.DurationSeconds;
        results.AddRow($"×{scale}", label, $"{rows:N0}", $"{run.DurationSeconds:F2}", $"{rate:N0}", $"{copyRate:N0}", $"{rate / copyRate:P1}");
    }
    results.AddRow($"×{scale}", "COPY", $"{copyRows:N0}", $"{copySeconds:F2}", $"{copyRate:N0}", "", "");
}
console.Write(results);
console.MarkupLine("rows = land rows over every stream of the run; seconds = from run acceptance to RunCompleted (extract → raw → trusted MERGE → marts);");
console.MarkupLine("COPY = every source table streamed COPY TO → COPY FROM into untyped tables, plus each CSV file COPY'd, on the same server.");
return 0;

static long Rows(RunReport run) => run.Streams.Values.Sum(s => s.LandRows);

string ArgValue(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
