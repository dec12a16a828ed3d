using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// <c>lake drift [--source S] [--all] [--json]</c>: schema drift (viewer role) — per stream whose source offers other
/// columns than its spec: the columns the spec does not read (not landed), the spec columns the source lacks, since
/// when and the run that saw it; <c>--all</c> lists the streams that match too. The same as <c>GET /schema-drift</c>.
/// Takes <c>--api</c>, <c>--token</c> and <c>--api-key</c> (<see cref="ApiConnection"/>); exit 0 when no listed
/// stream drifts, 1 when one does, 2 the API could not be reached or refused the caller (<see cref="ApiCall"/>).
/// </summary>
public static class DriftCommands
{
    /// <summary>The <c>drift</c> command.</summary>
    public static Command Create()
    {
        var connection = new ApiConnection();
        var source = new Option<string?>("--source") { Description = "Only the streams of this source." };
        var all = new Option<bool>("--all") { Description = "List the streams whose source matches the spec too." };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON." };
        var drift = new Command("drift", "List the streams whose source offers other columns than their spec "
            + "(schema drift).") { source, all, json };
        connection.AddTo(drift);
        drift.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            using var http = connection.CreateClient(parse);
            var list = await new OperationsClient(http).ListSchemaDriftAsync(parse.GetValue(source),
                !parse.GetValue(all), cancellationToken);
            var drifting = list.EnumerateArray().Count(Drifts);
            if (parse.GetValue(json)) ApiCall.PrintJson(list);
            else Write(list, drifting);
            return drifting > 0 ? 1 : 0;
        }));
        return drift;
    }

    private static bool Drifts(JsonElement s) =>
        s.GetProperty("added").GetArrayLength() > 0 || s.GetProperty("missing").GetArrayLength() > 0;

    private static void Write(JsonElement list, int drifting)
    {
        if (list.GetArrayLength() == 0)
        {
            AnsiConsole.MarkupLine("[green]No schema drift: every source seen offers its spec's columns.[/]");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Stream", "Not read (not landed)", "Missing from the source", "Since (UTC)", "Run",
                "Seen (UTC)");
        foreach (var s in list.EnumerateArray())
        {
            string Names(string property) =>
                string.Join(", ", s.GetProperty(property).EnumerateArray().Select(c => c.GetString()));
            table.AddRow(
                Markup.Escape($"{ApiJson.Text(s, "source")}.{ApiJson.Text(s, "stream")}"),
                $"[yellow]{Markup.Escape(Names("added"))}[/]",
                $"[red]{Markup.Escape(Names("missing"))}[/]",
                Markup.Escape(ApiJson.UtcTime(s, "driftingSince")),
                Markup.Escape(ApiJson.Text(s, "runId")),
                Markup.Escape(ApiJson.UtcTime(s, "observedAt")));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(drifting == 0 ? "[green]Every source listed offers its spec's columns.[/]"
            : $"[yellow]{drifting} stream(s) drift: name a new column in the spec to land it or in its "
                + "ignoredColumns to leave it out, and remove the lost ones (Schema drift in the README).[/]");
    }
}
