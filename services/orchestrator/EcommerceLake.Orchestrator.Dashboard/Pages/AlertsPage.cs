using System.Text;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Orchestrator.Runs;
using Microsoft.AspNetCore.Http;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary><c>GET /dashboard/alerts</c>: the alerts raised, newest first, with their run.</summary>
internal static class AlertsPage
{
    public static async Task<IResult> Handle(HttpContext http, RunQueries queries,
        CancellationToken cancellationToken)
    {
        var alerts = await queries.ListAlertsAsync(200, null, cancellationToken);
        var body = $"""
            <hgroup><h1>Alerts</h1><p>Failed runs and steps, slow steps and long-lived clusters; each raised once.</p>
            </hgroup>
            {Table(alerts, "Latest 200 alerts")}
            """;
        return Layout.Page(http, "Alerts", "Alerts", body);
    }

    public static string Table(IReadOnlyList<AlertRecord> alerts, string title)
    {
        var html = new StringBuilder($"""
            <article><header><strong>{E(title)}</strong></header><div class="table-wrap">
            <table class="striped" data-testid="alerts"><thead><tr><th>Raised (UTC)</th><th>Severity</th><th>Kind</th>
            <th>Run</th><th>Stream</th><th>Message</th></tr></thead><tbody>
            """);
        if (alerts.Count == 0) html.Append("<tr><td colspan=\"6\" class=\"empty\">No alert. All quiet.</td></tr>");
        foreach (var a in alerts)
            html.Append($"""
                <tr><td>{Time(a.RaisedAt)}</td>
                <td><span class="badge {(a.Severity == AlertSeverity.Error
                    ? "bad" : "warn")}">{E(WireName.Of(a.Severity))}</span></td>
                <td>{E(WireName.Of(a.Kind))}</td>
                <td>{(a.RunId is { } run
                    ? $"<a href=\"/dashboard/runs/{run}\"><code>{Short(run)}</code></a>" : "—")}</td>
                <td>{E(a.Source is null ? "" : $"{a.Source}.{a.Stream}")}</td><td>{E(a.Message)}</td></tr>
                """);
        return html.Append("</tbody></table></div></article>").ToString();
    }
}
