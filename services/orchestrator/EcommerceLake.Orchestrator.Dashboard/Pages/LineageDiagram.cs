using System.Globalization;
using System.Text;
using EcommerceLake.Orchestrator.Lineage;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary>
/// The lineage as an SVG drawn on the server, left to right: sources, streams, then each marts table one column
/// after the deepest table it reads. Streams stack by source; a source sits at the middle of its streams and a marts
/// table at the mean height of what it reads, pushed down to keep a gap. Each node is a link (a stream to its page, a
/// marts table to the run of its last build) coloured by its health; edges are cubic curves. <c>dashboard.js</c>
/// lights a hovered node's ancestors and descendants.
/// </summary>
internal static class LineageDiagram
{
    private const double Width = 212, Height = 38, ColumnGap = 64, RowGap = 8, GroupGap = 14, Margin = 8;

    public static string Render(LineageGraph graph, DateTimeOffset now)
    {
        var column = Columns(graph);
        var y = new Dictionary<string, double>(StringComparer.Ordinal);
        var next = Margin;
        string? group = null;
        foreach (var stream in graph.Nodes.Where(n => n.Kind == LineageNodeKind.Stream))
        {
            var source = stream.Name[..stream.Name.IndexOf('.')];
            if (group is not null && group != source) next += GroupGap;
            group = source;
            y[stream.Id] = next;
            next += Height + RowGap;
        }
        var bottom = next;
        var inputs = graph.Edges.ToLookup(e => e.To, e => e.From);
        foreach (var source in graph.Nodes.Where(n => n.Kind == LineageNodeKind.Source))
        {
            var mine = graph.Edges.Where(e => e.From == source.Id).Select(e => y[e.To]).DefaultIfEmpty(Margin);
            y[source.Id] = (mine.Min() + mine.Max()) / 2;
        }
        foreach (var col in graph.Nodes.Where(n => column[n.Id] > 1).GroupBy(n => column[n.Id]).OrderBy(g => g.Key))
        {
            var wanted = col.Select(n => (n.Id, Y: inputs[n.Id].Select(i => y[i]).DefaultIfEmpty(Margin).Average()))
                .OrderBy(n => n.Y).ToList();
            var floor = Margin;
            foreach (var (id, want) in wanted)
            {
                y[id] = Math.Max(want, floor);
                floor = y[id] + Height + RowGap * 3;
            }
            bottom = Math.Max(bottom, floor);
        }
        var width = Margin * 2 + (column.Values.Max() + 1) * (Width + ColumnGap) - ColumnGap;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""
            <svg class="lineage" data-testid="lineage" viewBox="0 0 {width:F0} {bottom + Margin:F0}"
              role="img" aria-label="Lineage: sources, streams, fact tables and marts">
            <defs><marker id="lineage-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7"
              orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z"/></marker></defs>
            """);
        foreach (var edge in graph.Edges)
        {
            double x1 = X(column[edge.From]) + Width, y1 = y[edge.From] + Height / 2;
            double x2 = X(column[edge.To]), y2 = y[edge.To] + Height / 2, bend = (x2 - x1) / 2;
            svg.Append(CultureInfo.InvariantCulture,
                $"<path class=\"edge\" data-from=\"{E(edge.From)}\" data-to=\"{E(edge.To)}\" d=\"M{x1:F1},{
                    y1:F1} C{x1 + bend:F1},{y1:F1} {x2 - bend:F1},{y2:F1} {x2 - 2:F1},{y2:F1}\" {
                    ""}marker-end=\"url(#lineage-arrow)\"/>");
        }
        foreach (var node in graph.Nodes)
            Node(svg, node, X(column[node.Id]), y[node.Id], now);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>0 for sources, 1 for streams, and for a marts table one more than the deepest table it reads.
    /// </summary>
    private static Dictionary<string, int> Columns(LineageGraph graph)
    {
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        var inputs = graph.Edges.ToLookup(e => e.To, e => e.From);
        foreach (var node in graph.Nodes) // upstream first
            column[node.Id] = node.Kind switch
            {
                LineageNodeKind.Source => 0,
                LineageNodeKind.Stream => 1,
                _ => inputs[node.Id].Select(i => column[i] + 1).DefaultIfEmpty(2).Max(),
            };
        return column;
    }

    private static double X(int column) => Margin + column * (Width + ColumnGap);

    private static void Node(StringBuilder svg, LineageNode node, double x, double y, DateTimeOffset now)
    {
        var href = node.Kind switch
        {
            LineageNodeKind.Stream => $"/dashboard/streams/{node.Name.Replace('.', '/')}",
            LineageNodeKind.Source => "/dashboard/streams",
            _ => node.RunId is { } run ? $"/dashboard/runs/{run}" : null,
        };
        var upstream = node.Kind is LineageNodeKind.Fact or LineageNodeKind.Mart
            && node.UpstreamHealth > LineageHealth.Running && node.UpstreamHealth > node.Health;
        var line = node.Kind switch
        {
            LineageNodeKind.Source => $"{node.Health} · {node.Upstream.Count} stream{(node.Upstream.Count == 1
                ? "" : "s")}",
            LineageNodeKind.Stream => $"{node.Health} · {Ago(node.LastAt, now)}"
                + (node.FailingChecks.Count > 0 ? " · ⚠ check" : "") + (node.SchemaDrift is null ? "" : " · ⚠ schema"),
            _ => $"{node.Health} · built {Ago(node.LastAt, now)}",
        };
        var title = $"{node.Table ?? node.Name}: {node.Detail}"
            + (upstream ? $" — upstream {node.UpstreamHealth.ToString().ToLowerInvariant()}" : "");
        svg.Append(CultureInfo.InvariantCulture, $"""
            {(href is null ? "" : $"<a href=\"{E(href)}\">")}<g class="node {node.Kind.ToString().ToLowerInvariant()} {
                node.Health.ToString().ToLowerInvariant()}{(upstream ? " upstream-warn" : "")}{(
                node.FailingChecks.Count > 0 ? " check-warn" : "")}{(node.SchemaDrift is null ? "" : " schema-warn")
                }" data-node="{E(node.Id)}"
              data-health="{node.Health}" transform="translate({x:F1},{y:F1})"><title>{E(title)}</title>
            <rect width="{Width}" height="{Height}" rx="7"/><rect class="health" width="5" height="{Height}" rx="2"/>
            <text x="12" y="15" class="name">{E(Clip(node.Name, 30))}</text>
            <text x="12" y="30" class="line">{E(line)}{(upstream ? " · ⚠ upstream" : "")}</text></g>{(
                href is null ? "" : "</a>")}
            """);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
