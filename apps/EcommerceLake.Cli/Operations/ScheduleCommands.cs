using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// <c>lake schedules [--json]</c>: every configured schedule (viewer role) — the source, its interval or cron
/// expression with the zone it is read in, the next tick, and the last tick with the run it requested and what became
/// of it (<c>Completed</c>, <c>Failed</c>, <c>Refused</c>, <c>Coalesced</c> into the follow-up run of a busy source,
/// …); a last request that stood for missed ticks says how many. The same list as the dashboard's overview and
/// <c>GET /schedules</c>. <c>lake schedules pause|resume &lt;source&gt; --reason "…"</c> (operator role) pauses a
/// schedule (its ticks pass without runs) or resumes it from its next tick, audited under the caller's principal.
/// Every verb takes <c>--api</c>, <c>--token</c> and <c>--api-key</c> (<see cref="ApiConnection"/>); exit 0 done, 1
/// refused (no schedule of the source, missing reason), 2 the API could not be reached or refused the caller
/// (<see cref="ApiCall"/>).
/// </summary>
public static class ScheduleCommands
{
    /// <summary>The <c>schedules</c> command, with its <c>pause</c> and <c>resume</c> verbs.</summary>
    public static Command Create()
    {
        var connection = new ApiConnection();
        var json = new Option<bool>("--json") { Description = "Print the API's JSON." };
        var schedules = new Command("schedules", "List the scheduled runs: when each source runs next and last.")
        {
            json,
            Control("pause", "The schedule's ticks pass without runs until it is resumed (runs by hand still start)."),
            Control("resume", "The schedule runs again from its next tick (ticks passed while paused are not run)."),
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

    private static Command Control(string action, string description)
    {
        var connection = new ApiConnection();
        var source = new Argument<string>("source") { Description = "The scheduled source (lake schedules)." };
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the audit).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the API's answer as JSON." };
        var command = new Command(action, description) { source, reason, json };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            var name = parse.GetValue(source)!;
            using var http = connection.CreateClient(parse);
            var answer = await new OperationsClient(http).ControlScheduleAsync(name, action, parse.GetValue(reason)!,
                cancellationToken);
            if (parse.GetValue(json))
            {
                ApiCall.PrintJson(answer);
                return 0;
            }
            var by = answer.GetProperty("audit").GetProperty("requestedBy").GetString();
            var next = ApiJson.UtcTime(answer.GetProperty("schedule"), "nextDueAt");
            AnsiConsole.MarkupLine("[green]" + Markup.Escape(action == "pause"
                ? $"The schedule of {name} is paused: its ticks pass without runs until it is resumed."
                : $"The schedule of {name} is resumed: it runs next at {next}.") + $"[/] (recorded as by {
                    Markup.Escape(by ?? "?")})");
            return 0;
        }));
        return command;
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
            var next = s.TryGetProperty("pausedAt", out var paused) && paused.ValueKind == JsonValueKind.String
                ? $"paused by {ApiJson.Text(s, "pausedBy")}: {ApiJson.Text(s, "pausedReason")}"
                : ApiJson.UtcTime(s, "nextDueAt");
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
