using System.Text;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Runs;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary>
/// The runs table (status, trigger, who, sources, start, duration, streams, rows), as a section that refreshes
/// itself every <see cref="DashboardOptions.RefreshSeconds"/> through htmx (<c>hx-get</c> of
/// <c>/dashboard/fragments/runs</c>, with the list's <see cref="RunFilter"/>).
/// </summary>
internal static class RunTable
{
    public static string Render(IReadOnlyList<RunDetails> runs, int limit, int refreshSeconds, DateTimeOffset now,
        RunFilter? filter = null)
    {
        var html = new StringBuilder();
        var query = $"limit={limit}{filter?.QueryParameters}";
        html.Append($"""
            <section id="runs-table" hx-get="/dashboard/fragments/runs?{E(query)}"
              hx-trigger="every {refreshSeconds}s" hx-swap="outerHTML">
            <div class="table-wrap"><table class="striped runs" data-testid="runs">
            <thead><tr><th>Run</th><th>Status</th><th>Trigger</th><th>Requested by</th><th>Sources</th>
            <th>Started (UTC)</th><th class="num">Duration</th><th class="num">Streams</th>
            <th class="num">Rows</th></tr></thead><tbody>
            """);
        if (runs.Count == 0)
            html.Append(filter is { IsEmpty: false }
                ? "<tr><td colspan=\"9\" class=\"empty\">No run matches the filter.</td></tr>"
                : "<tr><td colspan=\"9\" class=\"empty\">No run yet. Start one above.</td></tr>");
        foreach (var details in runs)
        {
            var run = details.Run;
            var rows = details.Streams.Sum(s => s.LandRows);
            var duration = run.DurationSeconds ?? (now - run.CreatedAt).TotalSeconds;
            html.Append($"""
                <tr data-run="{run.RunId}">
                <td><a href="/dashboard/runs/{run.RunId}"><code>{Short(run.RunId)}</code></a></td>
                <td>{Badge(run.State)}</td><td>{E(WireName.Of(run.Trigger))}</td><td>{E(run.RequestedBy)}</td>
                <td>{E(string.Join(", ", run.SelectedStreams ?? run.Sources))}</td><td>{Time(run.CreatedAt)}</td>
                <td class="num">{Duration(duration)}{(run.CompletedAt is null ? "…" : "")}</td>
                <td class="num">{run.StreamsLoaded}/{run.Streams}{(run.StreamsFailed > 0
                    ? $" <span class=\"bad-text\">({run.StreamsFailed} failed)</span>" : "")}</td>
                <td class="num" title="rows extracted into land">{N(rows)}</td></tr>
                """);
        }
        html.Append("</tbody></table></div></section>");
        return html.ToString();
    }
}
