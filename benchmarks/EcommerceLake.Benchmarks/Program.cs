using EcommerceLake.Benchmarks;
using EcommerceLake.Cli;
using Microsoft.Extensions.Logging;

// Timed harness (not BenchmarkDotNet: one pipeline run takes seconds to minutes and owns databases, so it is timed
// end to end once per scale). Usage:
//   bench [--scales 1,10] [--workdir .lake/bench] [--empty-runs 3] [--latency-trials 3] [--poll-interval 1]
//         [--no-latency] [--db-prefix bench] [--port 55442] [--copy-runs 3]
//   (--port: the private PostgreSQL cluster's port, when ConnectionStrings__Server is not set; not the demo's 55432,
//   so that the demo's cluster and the harness's, under .lake/bench/pg, can both keep running)
//   bench --bus [--messages 2000] [--empty-runs 5]: the bus transports side by side (BusBenchmark).
//   bench --process {land batch} [--lake .lake/bench/lake] [--repeat 3]: the processing step alone
//   (ProcessBenchmark).
if (args.Contains("--bus"))
{
    using var busLoggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)
        .SetMinimumLevel(LogLevel.Warning));
    return await BusBenchmark.RunAsync(int.Parse(ArgValue("--messages", "2000")),
        int.Parse(ArgValue("--empty-runs", "5")), ArgValue("--workdir", Path.Combine(".lake", "bench-bus")),
        busLoggers);
}
if (args.Contains("--process"))
{
    using var processLoggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)
        .SetMinimumLevel(LogLevel.Warning));
    return await ProcessBenchmark.RunAsync(ArgValue("--lake", Path.Combine(".lake", "bench", "lake")),
        ArgValue("--process", ""), int.Parse(ArgValue("--repeat", "3")), processLoggers.CreateLogger("bench"));
}
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)
    .SetMinimumLevel(LogLevel.Warning));
var settings = new PipelineBenchmarkSettings(
    Scales: ArgValue("--scales", "1,10").Split(',').Select(int.Parse).ToArray(),
    WorkDirectory: ArgValue("--workdir", Path.Combine(".lake", "bench")),
    ServerConnectionString: Environment.GetEnvironmentVariable("ConnectionStrings__Server"),
    DatabasePrefix: ArgValue("--db-prefix", "bench"),
    PrivateClusterPort: int.Parse(ArgValue("--port", "55442")),
    EmptyRuns: int.Parse(ArgValue("--empty-runs", "3")),
    LatencyTrials: args.Contains("--no-latency") ? 0 : int.Parse(ArgValue("--latency-trials", "3")),
    PollInterval: TimeSpan.FromSeconds(double.Parse(ArgValue("--poll-interval", "1"),
        System.Globalization.CultureInfo.InvariantCulture)),
    CopyRuns: int.Parse(ArgValue("--copy-runs", "3")));
return await PipelineBenchmark.RunAsync(settings, LakeConsole.Create(), loggers);

string ArgValue(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
