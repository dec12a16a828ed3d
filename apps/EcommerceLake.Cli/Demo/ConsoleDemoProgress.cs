using System.Collections.Concurrent;
using EcommerceLake.Cli.Embedded;
using Spectre.Console;

namespace EcommerceLake.Cli.Demo;

/// <summary>Prints the job's stages and each stream's steps as they happen, one line each (readable in CI logs
/// too).</summary>
public sealed class ConsoleDemoProgress(IAnsiConsole console) : IDemoProgress
{
    private readonly ConcurrentDictionary<string, StreamStep> _seen = new();
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public void Stage(string description) =>
        console.MarkupLine($"[grey]{Elapsed()}[/] [bold]{Markup.Escape(description)}[/]");

    /// <inheritdoc />
    public void RunChanged(string runLabel, RunReport report)
    {
        StreamReport[] streams;
        lock (report) streams = report.Streams.Values.ToArray();
        foreach (var s in streams)
        {
            var key = $"{report.RunId}/{s.Source}.{s.Stream}";
            if (_seen.TryGetValue(key, out var last) && last == s.Step) continue;
            _seen[key] = s.Step;
            var what = s.Step switch
            {
                StreamStep.Extracting => "extracting",
                StreamStep.Processing => $"extracted {s.LandRows:N0} rows to land in {s.ExtractSeconds:F1} s"
                    + (s.Quarantined > 0 ? $", {s.Quarantined:N0} quarantined" : ""),
                StreamStep.Loading => $"processed {s.RawRows:N0} rows to raw in {s.ProcessSeconds:F1} s"
                    + (s.Rejected > 0 ? $", {s.Rejected:N0} rejected" : ""),
                StreamStep.Loaded when s.NothingToLoad => "[green]nothing new[/]: trusted unchanged",
                StreamStep.Loaded => $"[green]in trusted[/]: {s.TrustedRows:N0} rows (+{s.Merge.Inserted:N0} " +
                    $"~{s.Merge.Updated:N0} -{s.Merge.Deleted:N0}) in {s.LoadSeconds:F1} s",
                _ => $"[red]failed[/]: {Markup.Escape(s.Error ?? "")}",
            };
            console.MarkupLine($"[grey]{Elapsed()}[/]   {runLabel} · [cyan]{s.Source}.{s.Stream}[/] {what}");
        }
        if (report.Outcome is { } outcome)
            console.MarkupLine($"[grey]{Elapsed()}[/] " +
                $"[bold]{runLabel} " +
                $"{(outcome == "Completed" ? "[green]completed[/]" : $"[red]{outcome.ToLowerInvariant()}[/]")}[/]" +
                               (report.Reason is { } r ? $": {Markup.Escape(r)}" : ""));
    }

    private string Elapsed() => $"{(DateTimeOffset.UtcNow - _start).TotalSeconds,7:F1}s";
}
