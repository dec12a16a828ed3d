using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// <c>lake schedules [--json]</c>: every configured schedule (viewer role) — the source, its interval or cron
/// expression with the zone it is read in, the next tick, and the last tick with the run it requested and what became
/// of it (<c>Completed</c>, <c>Failed</c>, <c>Refused</c>, <c>Coalesced</c> into the follow-up run of a busy source,
/// …); a last request that stood for missed ticks says how many. The same list as the dashboard's overview and
/// <c>GET /schedules</c>. Takes <c>--api</c>, <c>--token</c> and <c>--api-key</c> (<see cref="ApiConnection"/>); exit
/// 0 done, 2 the API could not be reached or refused the caller (<see cref="ApiCall"/>).
/// </summary>
public static class ScheduleCommands
{
    /// <summary>The <c>schedules</c> command.</summary>
    public static Command Create()
    {
        var connection = new ApiConnection();
        var json = new Option<bool>("--json") { Description = "Print the API's JSON." };
        var schedules = new Command("schedules", "List the scheduled runs: when each source runs next and last.")
        {
            json,
        };
        connection.AddTo(schedules);
        schedules.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            using var http = connection.CreateClient(parse);
            var list = await new OperationsClient(http).ListSchedulesAsync(cancellationToken);
            if (parse.GetValue(json)) ApiCall.PrintJson(list);
            else Write(list);
            return 0;
        }));
        return schedules;
    }

    private static void Write(JsonElement list)
    {
        if (list.GetArrayLength() == 0)
        {
            AnsiConsole.MarkupLine("No schedule is configured (Orchestrator:Schedules:<source>).");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Source", "Schedule", "Next (UTC)", "Last tick (UTC)", "Last run", "State");
        foreach (var s in list.EnumerateArray())
        {
            var expression = ApiJson.Text(s, "expression");
            var schedule = ApiJson.Text(s, "kind") == "Cron"
                ? $"{expression} ({ApiJson.Text(s, "timeZone")})"
                : $"every {expression}";
            var last = ApiJson.UtcTime(s, "lastDueAt");
            var ticks = s.TryGetProperty("lastTicks", out var t) && t.TryGetInt64(out var n) ? n : 0;
            if (ticks > 1) last += $" ({ticks - 1} missed before)";
            var next = ApiJson.UtcTime(s, "nextDueAt");
            table.AddRow(
                Markup.Escape(ApiJson.Text(s, "source")),
                Markup.Escape(schedule),
                next.Length > 0 ? Markup.Escape(next) : "[grey]never again[/]",
                Markup.Escape(last),
                Markup.Escape(ApiJson.Text(s, "lastRunId")),
                RunView.State(ApiJson.Text(s, "lastRunState")));
        }
        AnsiConsole.Write(table);
    }
}
