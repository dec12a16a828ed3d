using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// <c>lake checks [--source S] [--failing] [--run &lt;runId&gt;] [--json]</c>: the streams' data-quality checks (viewer
/// role) — per check its stream, assertion, severity, the rows the latest load wrote and how many of them fail it,
/// sample failing keys, the run and when; <c>--run</c> lists the outcomes of one run instead. The same as
/// <c>GET /checks</c> and <c>GET /runs/{id}/checks</c>. Takes <c>--api</c>, <c>--token</c> and <c>--api-key</c>
/// (<see cref="ApiConnection"/>); exit 0 when every check listed passed, 1 when one failed, 2 the API could not be
/// reached or refused the caller (<see cref="ApiCall"/>).
/// </summary>
public static class CheckCommands
{
    /// <summary>The <c>checks</c> command.</summary>
    public static Command Create()
    {
        var connection = new ApiConnection();
        var source = new Option<string?>("--source") { Description = "Only the checks of this source's streams." };
        var failing = new Option<bool>("--failing") { Description = "Only the checks whose latest outcome failed." };
        var run = new Option<Guid?>("--run") { Description = "Every outcome the loads of this run recorded." };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON." };
        var checks = new Command("checks", "List the data-quality checks of the streams and how their latest loads "
            + "fared.") { source, failing, run, json };
        connection.AddTo(checks);
        checks.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            using var http = connection.CreateClient(parse);
            var list = await new OperationsClient(http).ListChecksAsync(parse.GetValue(source),
                parse.GetValue(failing), parse.GetValue(run), cancellationToken);
            var failed = list.EnumerateArray().Count(c => c.GetProperty("failingRows").GetInt64() > 0);
            if (parse.GetValue(json)) ApiCall.PrintJson(list);
            else Write(list, failed);
            return failed > 0 ? 1 : 0;
        }));
        return checks;
    }

    private static void Write(JsonElement list, int failed)
    {
        if (list.GetArrayLength() == 0)
        {
            AnsiConsole.MarkupLine("[grey]No check outcome recorded (a stream's checks run with its loads).[/]");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Stream", "Check", "Assertion", "Severity", "Failing / checked rows", "Sample keys", "Run",
                "Checked (UTC)");
        foreach (var c in list.EnumerateArray())
        {
            var failing = c.GetProperty("failingRows").GetInt64();
            var rows = $"{failing:N0} / {c.GetProperty("checkedRows").GetInt64():N0}";
            table.AddRow(
                Markup.Escape($"{ApiJson.Text(c, "source")}.{ApiJson.Text(c, "stream")}"),
                Markup.Escape(ApiJson.Text(c, "check")),
                Markup.Escape(ApiJson.Text(c, "assertion")),
                Markup.Escape(ApiJson.Text(c, "severity")),
                failing > 0 ? $"[yellow]{Markup.Escape(rows)}[/]" : $"[green]{Markup.Escape(rows)}[/]",
                Markup.Escape(string.Join(", ", c.GetProperty("sampleKeys").EnumerateArray()
                    .Select(k => k.GetString()))),
                Markup.Escape(ApiJson.Text(c, "runId")),
                Markup.Escape(ApiJson.UtcTime(c, "checkedAt")));
        }
        AnsiConsole.Write(table);
        var blocking = list.EnumerateArray().Count(c =>
            c.GetProperty("failingRows").GetInt64() > 0 && ApiJson.Text(c, "severity") == "error");
        AnsiConsole.MarkupLine(failed == 0 ? "[green]Every check listed passed.[/]"
            : blocking == 0 ? $"[yellow]{failed} check(s) failed on rows that were loaded (severity warn).[/]"
            : $"[red]{failed} check(s) failed; {blocking} of severity error rolled their loads back (offsets "
                + "kept until the rows are fixed).[/]");
    }
}
