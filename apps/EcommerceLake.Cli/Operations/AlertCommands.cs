using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// <c>lake alerts [--run &lt;runId&gt;] [--limit N] [--json]</c>: the alerts the orchestrator raised, newest first
/// (viewer role) — when, severity, kind (<c>run-failed</c>, <c>step-failed</c>, <c>step-duration</c>,
/// <c>cluster-uptime</c>, <c>stale-source</c>, <c>dead-letter</c>), the stream and run concerned, the message, and when
/// a stale source's alert was cleared. The same list as the dashboard's Alerts page and <c>GET /alerts</c>. Takes
/// <c>--api</c>, <c>--token</c> and <c>--api-key</c> (<see cref="ApiConnection"/>); exit 0 done, 2 the API could not be
/// reached or refused the caller (<see cref="ApiCall"/>).
/// </summary>
public static class AlertCommands
{
    /// <summary>The <c>alerts</c> command.</summary>
    public static Command Create()
    {
        var connection = new ApiConnection();
        var run = new Option<Guid?>("--run") { Description = "Only the alerts of this run." };
        var limit = new Option<int>("--limit") { Description = "How many alerts.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON." };
        var alerts = new Command("alerts", "List the latest alerts: failures, long steps, stale sources.")
        {
            run, limit, json,
        };
        connection.AddTo(alerts);
        alerts.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            using var http = connection.CreateClient(parse);
            var list = await new OperationsClient(http).ListAlertsAsync(Math.Max(1, parse.GetValue(limit)),
                parse.GetValue(run), cancellationToken);
            if (parse.GetValue(json)) ApiCall.PrintJson(list);
            else Write(list);
            return 0;
        }));
        return alerts;
    }

    private static void Write(JsonElement list)
    {
        if (list.GetArrayLength() == 0)
        {
            AnsiConsole.MarkupLine("[green]No alerts.[/]");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Raised (UTC)", "Severity", "Kind", "Stream", "Run", "Message", "Cleared (UTC)");
        foreach (var a in list.EnumerateArray())
        {
            var severity = ApiJson.Text(a, "severity");
            var (source, name) = (ApiJson.Text(a, "source"), ApiJson.Text(a, "stream"));
            var stream = name.Length > 0 ? $"{source}.{name}" : source;
            table.AddRow(
                Markup.Escape(ApiJson.UtcTime(a, "raisedAt")),
                severity == "error" ? $"[red]{Markup.Escape(severity)}[/]" : $"[yellow]{Markup.Escape(severity)}[/]",
                Markup.Escape(ApiJson.Text(a, "kind")),
                Markup.Escape(stream),
                Markup.Escape(ApiJson.Text(a, "runId")),
                Markup.Escape(ApiJson.Text(a, "message")),
                Markup.Escape(ApiJson.UtcTime(a, "clearedAt")));
        }
        AnsiConsole.Write(table);
    }
}
