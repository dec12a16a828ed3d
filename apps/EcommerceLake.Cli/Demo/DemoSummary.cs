using System.Text.Json;
using EcommerceLake.Cli.Embedded;
using Spectre.Console;

namespace EcommerceLake.Cli.Demo;

/// <summary>Renders the job's closing table: per stream and run, rows in source / land / raw / trusted, offsets,
/// duration, verification.</summary>
public static class DemoSummary
{
    /// <summary>Writes the table and the verdict to <paramref name="console"/>.</summary>
    public static void Write(IAnsiConsole console, DemoReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]EcommerceLake main job[/]");
        foreach (var column in new[] { "run", "stream", "source rows", "land", "raw", "trusted", "merge +/~/-",
            "offset before", "offset after", "duration", "trusted = source" })
            // A stream's name is what a reader looks for: never broken over two lines.
            table.AddColumn(column is "run" or "stream" ? new TableColumn(column).NoWrap() : new TableColumn(column));
        AddRun(table, "full", report.Full, report.SourceRowsBefore, report.VerifiedAfterFull);
        table.AddEmptyRow();
        AddRun(table, "incremental", report.Incremental, report.SourceRowsAfter, report.VerifiedAfterIncremental);
        console.Write(table);
        foreach (var (label, run) in new[] { ("full", report.Full), ("incremental", report.Incremental) })
        {
            if (run?.Marts is { } marts)
                console.MarkupLine($"marts after the {label} run: "
                    + string.Join(", ", marts.Select(m => $"{m.Key} {m.Value:N0} rows")));
        }
        console.MarkupLine(report.Succeeded
            ? "[green bold]OK[/]: both runs completed and every trusted table equals its source."
            : "[red bold]FAILED[/]: " + Markup.Escape(Failure(report)));
    }

    /// <summary>A compact display of an offset, for the main job's table: <c>v123</c> for a change version, the
    /// review watermark's time, the economics series' last date, or the number of files (<c>1 file</c>,
    /// <c>2 files</c>); any other JSON clipped at 24 characters, <c>—</c> for none.</summary>
    public static string ShortOffset(string? offset)
    {
        if (string.IsNullOrEmpty(offset)) return "—";
        try
        {
            using var doc = JsonDocument.Parse(offset);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("changeVersion", out var v)) return $"v{v}";
                if (root.TryGetProperty("answeredAt", out var a)) return a.GetString() ?? "—";
                if (root.TryGetProperty("lastDate", out var d)) return d.GetString() ?? "—";
                if (root.TryGetProperty("files", out var f) && f.ValueKind == JsonValueKind.Array)
                    return f.GetArrayLength() == 1 ? "1 file" : $"{f.GetArrayLength()} files";
            }
        }
        catch (JsonException)
        {
        }
        return offset.Length <= 24 ? offset : offset[..24] + "…";
    }

    private static void AddRun(Table table, string label, RunReport? run, Dictionary<string, long> sourceRows,
        List<StreamVerification> verified)
    {
        if (run is null) return;
        foreach (var (key, s) in run.Streams)
        {
            var v = verified.FirstOrDefault(x => x.Stream == key);
            table.AddRow(
                label, key,
                sourceRows.TryGetValue(key, out var n) ? $"{n:N0}" : "?",
                $"{s.LandRows:N0}", $"{s.RawRows:N0}", s.NothingToLoad ? "unchanged" : $"{s.TrustedRows:N0}",
                $"{s.Merge.Inserted:N0}/{s.Merge.Updated:N0}/{s.Merge.Deleted:N0}",
                Markup.Escape(ShortOffset(s.OffsetFrom)),
                Markup.Escape(ShortOffset(s.Step == StreamStep.Loaded ? s.OffsetTo : s.OffsetFrom)),
                $"{s.WallSeconds:F1} s",
                v is null ? "—" : v.Matches ? "[green]yes[/]"
                : $"[red]no[/] ({v.Missing} missing, {v.Unexpected} extra, {v.Different} differ)");
        }
        table.AddRow(label, $"[bold]{run.Outcome ?? "running"}[/]", "", "", "", "", "", "", "",
            $"{run.DurationSeconds:F1} s", "");
    }

    private static string Failure(DemoReport report)
    {
        var reasons = new List<string>();
        foreach (var (label, run) in new[] { ("full", report.Full), ("incremental", report.Incremental) })
            if (run?.Outcome != "Completed") reasons.Add(
                $"{label} run {run?.Outcome ?? "did not run"}{(run?.Reason is { } r ? $" ({r})" : "")}");
        foreach (var v in report.VerifiedAfterFull.Concat(report.VerifiedAfterIncremental).Where(v => !v.Matches))
            reasons.Add($"{v.Stream}: {string.Join("; ", v.Examples)}");
        return string.Join(" | ", reasons);
    }
}
