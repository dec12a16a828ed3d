using System.Globalization;
using System.Text;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Sagas;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary>
/// A run's per-stream timeline, Gantt style: one row per stream with its extract, process and load bars placed on the
/// run's time axis (admission to end, or to now while it runs), and a row per marts chain. Plain HTML and CSS:
/// each bar's left edge and width are percentages of the axis.
/// </summary>
internal static class Timeline
{
    public static string Render(RunDetails details, DateTimeOffset now)
    {
        var run = details.Run;
        var start = run.CreatedAt;
        var end = run.CompletedAt ?? now;
        var total = Math.Max((end - start).TotalSeconds, 1);
        var html = new StringBuilder();
        html.Append("<div class=\"timeline\" data-testid=\"timeline\"><div class=\"axis\"><span></span><div>");
        for (var i = 0; i <= 4; i++)
            html.Append(CultureInfo.InvariantCulture,
                $"<span style=\"left:{i * 25}%\">+{E(Duration(total * i / 4))}</span>");
        html.Append("</div></div>");
        foreach (var stream in details.Streams)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<div class=\"lane\" data-stream=\"{E(stream.Source)}.{E(stream.Stream)}\">"
                + $"<span class=\"label\" title=\"{E(stream.Source)}.{E(stream.Stream)}\">"
                + $"<small>{E(stream.Source)}</small> {E(stream.Stream)}</span><div class=\"track\">");
            Bar(html, "extract", stream.ExtractStartedAt, stream.ExtractFinishedAt, stream, StreamRunStatus.Extracting,
                start, end, total);
            Bar(html, "process", stream.ProcessStartedAt, stream.ProcessFinishedAt, stream, StreamRunStatus.Processing,
                start, end, total);
            Bar(html, "load", stream.LoadStartedAt, stream.LoadFinishedAt, stream, StreamRunStatus.Loading,
                start, end, total);
            html.Append("</div></div>");
        }
        foreach (var (name, status, martsStart, finished, seconds) in MartsLanes(details.Marts))
        {
            html.Append($"<div class=\"lane marts\" data-chain=\"{E(name)}\"><span class=\"label\">"
                + $"<small>marts</small> {E(name)}</span><div class=\"track\">");
            var failed = status == MartsStatus.Failed;
            Segment(html, failed ? "marts failed" : "marts", martsStart, finished ?? (failed ? end : now), start, total,
                $"{name} marts build {status}: {Duration(seconds)}", running: finished is null && !failed);
            html.Append("</div></div>");
        }
        html.Append("""
            <div class="legend"><span class="key extract"></span>extract <span class="key process"></span>process
            <span class="key load"></span>load <span class="key marts"></span>marts
            <span class="key failed"></span>failed</div></div>
            """);
        return html.ToString();
    }

    /// <summary>One lane per started marts chain, or one for the whole build of a run from before chains were
    /// built apart.</summary>
    private static IEnumerable<(string Name, MartsStatus Status, DateTimeOffset Start, DateTimeOffset? Finished,
        double? Seconds)> MartsLanes(MartsRun marts) =>
        marts.Chains.Count > 0
            ? marts.Chains.Where(c => c.StartedAt is not null)
                .Select(c => (c.Name, c.Status, c.StartedAt!.Value, c.FinishedAt, c.DurationSeconds))
            : marts.StartedAt is { } started
                ? [("all", marts.Status, started, marts.FinishedAt, marts.DurationSeconds)]
                : [];

    private static void Bar(StringBuilder html, string step, DateTimeOffset? from, DateTimeOffset? to, StreamRun stream,
        StreamRunStatus runningStatus, DateTimeOffset start, DateTimeOffset end, double total)
    {
        if (from is not { } s) return;
        var failedHere = stream.Status == StreamRunStatus.Failed
            && string.Equals(stream.FailedStep, step, StringComparison.OrdinalIgnoreCase);
        var running = to is null && stream.Status == runningStatus;
        var e = to ?? (running || failedHere ? end : s);
        var seconds = (e - s).TotalSeconds;
        var title = $"{stream.Source}.{stream.Stream} {step}: {Duration(seconds)}"
            + (failedHere ? $" — failed ({stream.FailureKind}): {stream.Error}" : running ? " — running" : "");
        Segment(html, failedHere ? $"{step} failed" : step, s, e, start, total, title, running);
    }

    private static void Segment(StringBuilder html, string css, DateTimeOffset from, DateTimeOffset to,
        DateTimeOffset start, double total, string title, bool running)
    {
        var left = Math.Clamp((from - start).TotalSeconds / total * 100, 0, 100);
        var width = Math.Clamp((to - from).TotalSeconds / total * 100, 0.6, 100 - left);
        html.Append(CultureInfo.InvariantCulture,
            $"<span class=\"bar {css}{(running ? " running" : "")}\" style=\"left:{left:F2}%;width:{width:F2}%\" "
            + $"title=\"{E(title)}\"></span>");
    }
}
