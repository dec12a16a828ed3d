using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// <c>lake lineage [--json]</c> (viewer role): every fact table and mart with its chain, health, last build (UTC),
/// rows and the streams it is computed from, each stream marked by its own health; then each stream whose latest load
/// failed a <c>warn</c> data-quality check, each whose source drifts from its spec, and every stream that is not
/// healthy with the marts tables it holds back.
/// The same graph as <c>GET /lineage</c> and the dashboard's Lineage page. Takes <c>--api</c>, <c>--token</c> and
/// <c>--api-key</c> (<see cref="ApiConnection"/>); exit 0 done, 2 the API could not be reached or refused the caller
/// (<see cref="ApiCall"/>).
/// </summary>
public static class LineageCommands
{
    /// <summary>The <c>lineage</c> command.</summary>
    public static Command Create()
    {
        var connection = new ApiConnection();
        var json = new Option<bool>("--json") { Description = "Print the API's JSON (nodes and edges)." };
        var lineage = new Command("lineage",
            "Show which streams each fact table and mart is computed from, and what an unhealthy stream holds back.")
        {
            json,
        };
        connection.AddTo(lineage);
        lineage.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            using var http = connection.CreateClient(parse);
            var graph = await new OperationsClient(http).GetLineageAsync(cancellationToken);
            if (parse.GetValue(json)) ApiCall.PrintJson(graph);
            else Write(graph);
            return 0;
        }));
        return lineage;
    }

    private static void Write(JsonElement graph)
    {
        var nodes = graph.GetProperty("nodes").EnumerateArray().ToList();
        var health = nodes.ToDictionary(n => ApiJson.Text(n, "name"), n => ApiJson.Text(n, "health"));
        var tables = nodes.Where(n => ApiJson.Text(n, "kind") is "Fact" or "Mart").ToList();
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Table", "Chain", "Health", "Last built (UTC)", "Rows", "Computed from");
        foreach (var t in tables)
            table.AddRow(
                Markup.Escape(ApiJson.Text(t, "table")),
                Markup.Escape(ApiJson.Text(t, "chain")),
                Health(ApiJson.Text(t, "health")),
                Markup.Escape(ApiJson.UtcTime(t, "lastAt")),
                t.GetProperty("rows") is { ValueKind: JsonValueKind.Number } r && r.TryGetInt64(out var rows)
                    ? rows.ToString("N0", CultureInfo.InvariantCulture) : "—",
                string.Join(" ", Upstream(t).Select(s => Health(health.GetValueOrDefault(s, ""), s))));
        AnsiConsole.Write(table);
        foreach (var s in nodes.Where(n => n.TryGetProperty("failingChecks", out var c) && c.GetArrayLength() > 0))
            AnsiConsole.MarkupLine($"[yellow]⚠ {Markup.Escape(ApiJson.Text(s, "name"))}[/] loaded rows failing its "
                + $"check(s) {Markup.Escape(string.Join(", ", s.GetProperty("failingChecks").EnumerateArray()
                    .Select(c => c.GetString())))} (lake checks --failing)");
        foreach (var s in nodes.Where(n => n.TryGetProperty("schemaDrift", out var d)
            && d.ValueKind == JsonValueKind.Object))
            AnsiConsole.MarkupLine($"[yellow]⚠ {Markup.Escape(ApiJson.Text(s, "name"))}[/]: its source offers other "
                + "columns than its spec (lake drift)");
        var behind = nodes.Where(n => ApiJson.Text(n, "kind") == "Stream"
            && ApiJson.Text(n, "health") is not ("Healthy" or "Running")).ToList();
        if (behind.Count == 0)
        {
            AnsiConsole.MarkupLine("Every stream is healthy or being loaded.");
            return;
        }
        foreach (var s in behind)
        {
            var name = ApiJson.Text(s, "name");
            var held = tables.Where(t => Upstream(t).Contains(name)).Select(t => ApiJson.Text(t, "name")).ToList();
            AnsiConsole.MarkupLine($"{Health(ApiJson.Text(s, "health"), name)} {Markup.Escape(
                ApiJson.Text(s, "detail"))}: " + (held.Count == 0 ? "no marts table reads it"
                    : $"holds back {Markup.Escape(string.Join(", ", held))}"));
        }
    }

    private static IEnumerable<string> Upstream(JsonElement node) =>
        node.GetProperty("upstream").EnumerateArray().Select(u => u.GetString() ?? "");

    /// <summary><paramref name="text"/> (else the health) coloured by <paramref name="health"/>.</summary>
    private static string Health(string health, string? text = null)
    {
        var colour = health switch
        {
            "Healthy" => "green",
            "Running" => "blue",
            "Stale" or "Paused" => "yellow",
            "Failing" => "red",
            _ => "grey",
        };
        return $"[{colour}]{Markup.Escape(text ?? health)}[/]";
    }
}
