using System.Text;
using EcommerceLake.Orchestrator.Lineage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary>
/// <c>GET /dashboard/lineage</c>: the lineage of <see cref="LineageQueries"/> (the API's <c>GET /lineage</c>) as a
/// diagram (<see cref="LineageDiagram"/>), and a table of the fact tables and marts with their last build and the
/// streams each is computed from, so that a stale or failing stream shows which marts it holds back; both refresh
/// themselves (htmx) while the page is open.
/// </summary>
internal static class LineagePage
{
    public static async Task<IResult> Handle(HttpContext http, LineageQueries lineage,
        IOptions<DashboardOptions> options, TimeProvider time, CancellationToken cancellationToken) =>
        Layout.Page(http, "Lineage", "Lineage", """
            <hgroup><h1>Lineage</h1><p>From each source through its streams' trusted tables to the fact tables and
            marts computed from them. Colours say how each stands, live; point at a node to follow what it feeds and
            what feeds it, open it for its stream or its last build.</p></hgroup>
            """ + await LiveAsync(lineage, options.Value, time, cancellationToken));

    /// <summary><c>GET /dashboard/fragments/lineage</c>: the live section, for htmx.</summary>
    public static async Task<IResult> Fragment(LineageQueries lineage, IOptions<DashboardOptions> options,
        TimeProvider time, CancellationToken cancellationToken) =>
        Layout.Fragment(await LiveAsync(lineage, options.Value, time, cancellationToken));

    /// <summary>The diagram and the table, in a section that replaces itself every
    /// <see cref="DashboardOptions.RefreshSeconds"/> (htmx), except while a node is pointed at.</summary>
    private static async Task<string> LiveAsync(LineageQueries lineage, DashboardOptions options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var graph = await lineage.BuildAsync(cancellationToken);
        var now = time.GetUtcNow();
        var streams = graph.Nodes.Where(n => n.Kind == LineageNodeKind.Stream).ToDictionary(n => n.Name);
        var html = new StringBuilder($"""
            <section id="lineage-live" hx-get="/dashboard/fragments/lineage" hx-swap="outerHTML"
              hx-trigger="every {options.RefreshSeconds}s [!document.querySelector('svg.lineage.focus')]">
            <article><div class="lineage-wrap">{LineageDiagram.Render(graph, now)}</div>
            <div class="legend lineage-legend">{string.Concat(Enum.GetValues<LineageHealth>().Select(h =>
                $"<span class=\"key {h.ToString().ToLowerInvariant()}\"></span>{h}"))}
            <span>⚠ upstream: a stream it is computed from is stale, paused or failing</span></div></article>
            <article><header><strong>Fact tables and marts</strong><small>and the streams each is computed from
            </small></header><div class="table-wrap"><table class="striped" data-testid="lineage-marts"><thead><tr>
            <th>Table</th><th>Chain</th><th>Health</th><th>Last built</th><th class="num">Rows</th>
            <th>Computed from</th></tr></thead><tbody>
            """);
        foreach (var node in graph.Nodes.Where(n => n.Kind is LineageNodeKind.Fact or LineageNodeKind.Mart))
        {
            html.Append($"""
                <tr data-table="{E(node.Table)}" data-upstream-health="{node.UpstreamHealth}">
                <td><code>{E(node.Table)}</code>{(node.Kind == LineageNodeKind.Fact ? "<span class=\"tag\">fact</span>"
                    : "")}</td>
                <td>{E(node.Chain)}</td>
                <td>{HealthBadge(node.Health)}<br><small>{E(node.Detail)}</small></td>
                <td>{(node.RunId is { } run
                    ? $"<a href=\"/dashboard/runs/{run}\">{E(Ago(node.LastAt, now))}</a>" : E(Ago(node.LastAt, now)))}
                </td>
                <td class="num">{(node.Rows is { } rows ? N(rows) : "—")}</td>
                <td class="upstream">{string.Join(" ", node.Upstream.Select(s => streams.TryGetValue(s, out var st)
                    ? $"<a href=\"/dashboard/streams/{E(s.Replace('.', '/'))}\" title=\"{E(st.Detail)}\" "
                        + $"data-stream=\"{E(s)}\">{HealthBadge(st.Health, s)}</a>"
                    : E(s)))}</td></tr>
                """);
        }
        html.Append("</tbody></table></div></article></section>");
        return html.ToString();
    }

    /// <summary>A badge coloured by <paramref name="health"/>, reading <paramref name="text"/> (else the health).
    /// </summary>
    private static string HealthBadge(LineageHealth health, string? text = null)
    {
        var kind = health switch
        {
            LineageHealth.Healthy => "ok",
            LineageHealth.Running => "busy",
            LineageHealth.Stale or LineageHealth.Paused => "warn",
            LineageHealth.Failing => "bad",
            _ => "idle",
        };
        return $"<span class=\"badge {kind}\">{E(text ?? health.ToString())}</span>";
    }
}
