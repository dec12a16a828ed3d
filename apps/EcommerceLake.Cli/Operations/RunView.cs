using System.Globalization;
using System.Text.Json;
using EcommerceLake.Streams;
using Spectre.Console;
using static EcommerceLake.Cli.Operations.ApiJson;

namespace EcommerceLake.Cli.Operations;

/// <summary>Prints runs for people: the runs table and one run's per-stream table (as the demo prints it).</summary>
internal static class RunView
{
    public static void WriteRuns(JsonElement runs, bool filtered = false)
    {
        if (runs.GetArrayLength() == 0)
        {
            AnsiConsole.MarkupLine(filtered ? "No run matches the filter." : "No run yet.");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Run", "State", "Trigger", "By", "Started (UTC)", "Duration", "Streams");
        foreach (var r in runs.EnumerateArray())
            table.AddRow(Markup.Escape(r.GetProperty("runId").GetString()!), State(r.GetProperty("state").GetString()),
                Markup.Escape(r.GetProperty("trigger").GetString() ?? ""),
                Markup.Escape(r.GetProperty("requestedBy").GetString() ?? ""),
                Markup.Escape(Time(r.GetProperty("createdAt"))), Seconds(r.GetProperty("durationSeconds")),
                $"{r.GetProperty("streamsLoaded").GetInt32()}/{r.GetProperty("streams").GetInt32()}"
                + (r.GetProperty("streamsFailed").GetInt32() is > 0 and var f ? $" [red]{f} failed[/]" : ""));
        AnsiConsole.Write(table);
    }

    public static void WriteRun(JsonElement details)
    {
        var run = details.GetProperty("run");
        AnsiConsole.MarkupLine($"Run [bold]{run.GetProperty("runId").GetString()}[/] "
            + $"{State(run.GetProperty("state").GetString())} · "
            + $"trigger {Markup.Escape(run.GetProperty("trigger").GetString()!)}"
            + $" · by {Markup.Escape(run.GetProperty("requestedBy").GetString()!)} · "
            + $"{Seconds(run.GetProperty("durationSeconds"))} · trace {Markup.Escape(Text(run, "traceId"))}");
        var streams = details.GetProperty("streams");
        if (streams.GetArrayLength() > 0) WriteStreams(streams);
        if (Text(run, "error") is { Length: > 0 } error) AnsiConsole.MarkupLine($"[red]{Markup.Escape(error)}[/]");
        if (details.TryGetProperty("activeRunId", out var active) && active.ValueKind == JsonValueKind.String)
            AnsiConsole.MarkupLine($"Follow the active run: lake run show {active.GetString()}");
    }

    private static void WriteStreams(JsonElement streams)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Stream", "Status", "Land", "Trusted", "+ / ~ / −", "Extract / process / load", "Offset after");
        foreach (var column in table.Columns.Skip(2).Take(4)) column.RightAligned();
        foreach (var s in streams.EnumerateArray())
            table.AddRow($"{Markup.Escape(Text(s, "source"))}.{Markup.Escape(Text(s, "stream"))}",
                State(Text(s, "status")), Count(s, "landRows"), Count(s, "trustedRows"),
                $"{Count(s, "inserted")} / {Count(s, "updated")} / {Count(s, "deleted")}",
                $"{Seconds(s.GetProperty("extractSeconds"))} / {Seconds(s.GetProperty("processSeconds"))} / "
                + Seconds(s.GetProperty("loadSeconds")),
                Markup.Escape(Clip(OffsetText.Describe(Text(s, "offsetTo")))));
        AnsiConsole.Write(table);
        foreach (var s in streams.EnumerateArray().Where(s => Text(s, "status") == "Failed"))
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(Text(s, "source"))}.{Markup.Escape(Text(s, "stream"))} failed "
                + $"in {Markup.Escape(Text(s, "failedStep"))} ({Markup.Escape(Text(s, "failureKind"))}):[/] "
                + Markup.Escape(Text(s, "error")));
    }

    public static string State(string? state) => state switch
    {
        "Completed" or "Loaded" => $"[green]{state}[/]",
        "Failed" or "Refused" => $"[red]{state}[/]",
        _ => $"[blue]{Markup.Escape(state ?? "")}[/]",
    };

    private static string Clip(string text) => text.Length <= 36 ? text : text[..35] + "…";

    private static string Count(JsonElement e, string name) =>
        e.GetProperty(name).GetInt64().ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number ? e.GetDouble().ToString("F1", CultureInfo.InvariantCulture) + " s" : "—";

    private static string Time(JsonElement e) =>
        e.ValueKind == JsonValueKind.String
            ? e.GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";
}
