using EcommerceLake.Cli.Demo;
using EcommerceLake.Cli.Embedded;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace EcommerceLake.Benchmarks;

/// <summary>What <see cref="PipelineBenchmark"/> measures.</summary>
/// <param name="Scales">Data scales: 1 is the real Olist data, N re-keys every real row N times.</param>
/// <param name="WorkDirectory">Lake, drop folder, SSH keys and (without a server) the private PostgreSQL
/// cluster.</param>
/// <param name="ServerConnectionString">A PostgreSQL server to use instead of the private cluster, or null.</param>
/// <param name="DatabasePrefix">Prefix of the databases made per scale: <c>{prefix}_x{scale}_source</c> and
/// <c>…_warehouse</c>.</param>
/// <param name="PrivateClusterPort">Loopback port of the private cluster (when no server is given).</param>
/// <param name="EmptyRuns">Timed empty runs (after one warm-up); their median is reported.</param>
/// <param name="LatencyTrials">Trials per kind of source change; 0 skips the latency measurement.</param>
/// <param name="PollInterval">The detectors' poll interval during the latency measurement.</param>
/// <param name="CopyRuns">Runs of the COPY floor; their median is the floor.</param>
public sealed record PipelineBenchmarkSettings(IReadOnlyList<int> Scales, string WorkDirectory,
    string? ServerConnectionString, string DatabasePrefix, int PrivateClusterPort, int EmptyRuns, int LatencyTrials,
    TimeSpan PollInterval, int CopyRuns = 3);

/// <summary>
/// <c>bench</c>: per scale, on fresh demo sources, one embedded lake times the full run, the incremental run after the
/// demo's change batch and empty runs (<see cref="EmptyRun"/>); then the plain COPY floor (<see cref="CopyBaseline"/>)
/// and, on a served lake with the detectors on, source change → trusted (<see cref="ChangeToTrusted"/>). One table:
/// rows, seconds, rows/s, the time against COPY's for the same rows, and the peak resident memory of this process
/// during each measurement (<see cref="PeakMemory"/>; the peak is reset before each).
/// </summary>
public static class PipelineBenchmark
{
    /// <summary>Runs every scale and prints the table.</summary>
    /// <returns>0, or 1 when a run did not complete.</returns>
    public static async Task<int> RunAsync(PipelineBenchmarkSettings settings, IAnsiConsole console,
        ILoggerFactory loggers)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]EcommerceLake pipeline vs plain COPY[/]");
        foreach (var c in new[] { "scale", "measurement", "rows", "seconds", "rows/s", "× COPY time", "lake CPU s",
                     "PostgreSQL CPU s", "peak RSS MiB", "target" })
            table.AddColumn(c);
        var notes = new List<string>();
        foreach (var scale in settings.Scales)
        {
            try
            {
                await ScaleAsync(scale, settings, console, loggers, table, notes);
            }
            catch (InvalidOperationException e)
            {
                console.MarkupLine($"[red]Scale ×{scale}: {Markup.Escape(e.Message)}[/]");
                console.Write(table);
                return 1;
            }
        }
        console.Write(table);
        console.MarkupLine("rows = land rows over every stream of the run; seconds = from run acceptance to " +
            "RunCompleted (extract → land → raw → trusted MERGE → marts);");
        console.MarkupLine("× COPY time = seconds ÷ the seconds COPY needs for as many rows at its rate; " +
            "COPY = every source table streamed COPY TO → COPY FROM into untyped tables, each CSV file and " +
            "economics series COPY'd, on the same server;");
        console.MarkupLine("empty run = every source, nothing changed (median); change → trusted = a source change " +
            "made until its row is readable in trusted, detectors polling every " +
            $"{settings.PollInterval.TotalSeconds:0.#} s " +
            "(median per kind and over all);");
        console.MarkupLine("lake CPU s = user + system CPU seconds of this process (the embedded lake, review " +
            "and SGS " +
            "APIs; not PostgreSQL or sshd) during the measurement, per run for empty runs: a figure that a loaded " +
            "machine does not inflate the way it does wall time;");
        console.MarkupLine("PostgreSQL CPU s = user + system CPU seconds of the PostgreSQL server (its processes, " +
            "backends that ended included; the source and warehouse databases share it) during the measurement, per " +
            "run for empty and COPY runs; blank when the server's data directory is not readable here (ServerCpu);");
        console.MarkupLine("peak RSS = VmHWM of this process (seeding data held in memory included) during the " +
            "measurement, reset before it.");
        foreach (var note in notes) console.MarkupLine(Markup.Escape(note));
        return 0;
    }

    private static async Task ScaleAsync(int scale, PipelineBenchmarkSettings settings, IAnsiConsole console,
        ILoggerFactory loggers, Table table, List<string> notes)
    {
        console.MarkupLine($"[bold]Scale ×{scale}[/]");
        var options = new DemoOptions(WorkDirectory: settings.WorkDirectory,
            ServerConnectionString: settings.ServerConnectionString,
            DatabasePrefix: $"{settings.DatabasePrefix}_x{scale}",
            PrivateClusterPort: settings.PrivateClusterPort, Verify: false, Scale: scale);
        await using var environment = await DemoEnvironment.StartAsync(options, new ConsoleDemoProgress(console),
            loggers.CreateLogger("bench"), CancellationToken.None);
        PeakMemory.Reset();
        var before = PeakMemory.Current();
        notes.Add($"×{scale}: resident {PeakMemory.MiB(before):N0} MiB before the lake started (seeded data held).");

        var server = await ServerCpu.FindAsync(environment.WarehouseConnectionString);
        double? ServerSeconds() => server?.Seconds();
        string Server(double? start, double? end, int runs = 1) =>
            start is null || end is null ? "" : $"{(end.Value - start.Value) / runs:F1}";
        string fullServer, incrementalServer, emptyServer, copyServer;
        RunReport full, incremental;
        IReadOnlyList<double> empty;
        long fullPeak, incrementalPeak, emptyPeak;
        double fullCpu, incrementalCpu, emptyCpu;
        await using (var lake = await EmbeddedLake.StartAsync(environment.LakeSettings, LogLevel.Warning,
                         CancellationToken.None))
        {
            PeakMemory.Reset();
            var cpu = ProcessCpu.Start();
            var serverStart = ServerSeconds();
            full = await LakeRuns.RunAsync(lake);
            (fullPeak, fullCpu, fullServer) = (PeakMemory.Peak(), cpu.Seconds, Server(serverStart, ServerSeconds()));
            Describe(console, $"×{scale} full run", full);
            var changes = await environment.Seeder.ApplyChangeBatchAsync();
            console.MarkupLine(Markup.Escape($"Change batch: {changes.OrdersInserted:N0} orders, " +
                $"{changes.ReviewsInserted:N0} reviews inserted, {changes.OrdersDelivered:N0} delivered, " +
                $"{changes.OrdersCanceled:N0} canceled, {changes.OrderItemsDeleted:N0} items deleted, " +
                $"{changes.NewFileName}"));
            PeakMemory.Reset();
            cpu = ProcessCpu.Start();
            serverStart = ServerSeconds();
            incremental = await LakeRuns.RunAsync(lake);
            (incrementalPeak, incrementalCpu, incrementalServer) =
                (PeakMemory.Peak(), cpu.Seconds, Server(serverStart, ServerSeconds()));
            Describe(console, $"×{scale} incremental run", incremental);
            PeakMemory.Reset();
            cpu = ProcessCpu.Start();
            serverStart = ServerSeconds();
            empty = settings.EmptyRuns > 0 ? await EmptyRun.MeasureAsync(lake, settings.EmptyRuns) : [];
            var emptyRunsMade = Math.Max(1, settings.EmptyRuns + 1); // the timed runs and the warm-up
            (emptyPeak, emptyCpu) = (PeakMemory.Peak(), cpu.Seconds / emptyRunsMade);
            emptyServer = Server(serverStart, ServerSeconds(), emptyRunsMade);
            if (empty.Count > 0)
                console.MarkupLine($"×{scale} empty runs: {string.Join(", ", empty.Select(t => t.ToString("F2")))} s");
        }

        console.MarkupLine("COPY floor…");
        // Several COPY runs, the median taken: one run's time moves by a quarter on this kind of shared machine, and
        // the floor divides every ratio of the table.
        var copies = new List<(long Rows, double Seconds)>();
        var copyStart = ServerSeconds();
        for (var i = 0; i < Math.Max(1, settings.CopyRuns); i++)
            copies.Add(await CopyBaseline.RunAsync(environment.SourceConnectionString,
                environment.WarehouseConnectionString, environment.DropDirectory,
                environment.SourceSettings.EconomicsStartDate, CancellationToken.None));
        copyServer = Server(copyStart, ServerSeconds(), copies.Count);
        var copyRows = copies[0].Rows;
        var copySeconds = EmptyRun.Median(copies.Select(c => c.Seconds).ToList());
        console.MarkupLine(
            $"×{scale} COPY runs: {string.Join(", ", copies.Select(c => c.Seconds.ToString("F2")))} s");
        var copyRate = copyRows / copySeconds;
        string Ratio(long rows, double seconds) => rows == 0 ? "–" : $"{seconds / (rows / copyRate):N1}×";

        table.AddRow($"×{scale}", $"COPY floor (median of {copies.Count})", $"{copyRows:N0}", $"{copySeconds:F2}",
            $"{copyRate:N0}", "1.0×", "", copyServer, "", "");
        var fullRows = LakeRuns.LandRows(full);
        table.AddRow($"×{scale}", "full run", $"{fullRows:N0}", $"{full.DurationSeconds:F2}",
            $"{fullRows / full.DurationSeconds:N0}", Ratio(fullRows, full.DurationSeconds), $"{fullCpu:F1}",
            fullServer, Mib(fullPeak),
            "≤ 5× COPY");
        var incrementalRows = LakeRuns.LandRows(incremental);
        table.AddRow($"×{scale}", "incremental run", $"{incrementalRows:N0}", $"{incremental.DurationSeconds:F2}",
            $"{incrementalRows / incremental.DurationSeconds:N0}", Ratio(incrementalRows, incremental.DurationSeconds),
            $"{incrementalCpu:F1}", incrementalServer, Mib(incrementalPeak),
            $"≤ 10% of full ({incremental.DurationSeconds / full.DurationSeconds:P0})");
        if (empty.Count > 0)
            table.AddRow($"×{scale}", $"empty run (median of {empty.Count})", "0",
                $"{EmptyRun.Median(empty):F2}", "–", "–", $"{emptyCpu:F1}", emptyServer, Mib(emptyPeak),
                "≤ 1 s in-memory");

        if (settings.LatencyTrials > 0)
        {
            console.MarkupLine("Source change → trusted…");
            PeakMemory.Reset();
            var latencies = await new ChangeToTrusted(environment.WarehouseConnectionString,
                    environment.SourceConnectionString, environment.DropDirectory)
                .MeasureAsync(environment.LakeSettings, settings.PollInterval, settings.LatencyTrials);
            var latencyPeak = PeakMemory.Peak();
            foreach (var group in latencies.GroupBy(l => l.Change))
            {
                var times = group.Where(l => l.Seconds is not null).Select(l => l.Seconds!.Value).ToList();
                var missed = group.Count() - times.Count;
                console.MarkupLine($"×{scale} {group.Key}: " +
                    string.Join(", ", group.Select(l => l.Seconds?.ToString("F2") ?? "timeout")) + " s");
                table.AddRow($"×{scale}", $"change → trusted: {group.Key}", $"{times.Count}",
                    times.Count > 0 ? $"{EmptyRun.Median(times):F2}" : "timeout", "–", "–", "", "", "",
                    missed > 0 ? $"≤ 5 s median ({missed} timed out)" : "≤ 5 s median");
            }
            var all = latencies.Where(l => l.Seconds is not null).Select(l => l.Seconds!.Value).ToList();
            if (all.Count > 0)
                table.AddRow($"×{scale}", "change → trusted: all kinds", $"{all.Count}",
                    $"{EmptyRun.Median(all):F2}", "–", "–", "", "", Mib(latencyPeak), "≤ 5 s median");
        }
    }

    private static string Mib(long bytes) => bytes == 0 ? "" : $"{PeakMemory.MiB(bytes):N0}";

    /// <summary>Per-stream figures of a run, as the services reported them (where the time goes).</summary>
    private static void Describe(IAnsiConsole console, string label, RunReport run)
    {
        var table = new Table().Border(TableBorder.Simple)
            .Title($"{label}: {run.DurationSeconds:F2} s, {LakeRuns.LandRows(run):N0} land rows");
        foreach (var c in new[]
            { "stream", "land rows", "extract from s", "extract s", "process s", "load s", "loaded at s" })
            table.AddColumn(c);
        // extract from = when the extraction started, seconds after the run's acceptance (before it: queued).
        foreach (var s in run.Streams.Values.OrderByDescending(s => s.WallSeconds))
            table.AddRow(Markup.Escape($"{s.Source}.{s.Stream}"), $"{s.LandRows:N0}",
                $"{s.ExtractedAtSeconds - s.ExtractSeconds:F2}", $"{s.ExtractSeconds:F2}",
                $"{s.ProcessSeconds:F2}", $"{s.LoadSeconds:F2}", $"{s.WallSeconds:F2}");
        // A chain's build starts once the streams of its tables are loaded: its row shows the build's own seconds (in
        // the load column) and when it was reported built.
        foreach (var (chain, marts) in run.MartsChains)
            table.AddRow($"marts build ({chain})", "", "", "", "", $"{marts.Seconds:F2}",
                $"{marts.BuiltAtSeconds:F2}");
        console.Write(table);
    }
}
