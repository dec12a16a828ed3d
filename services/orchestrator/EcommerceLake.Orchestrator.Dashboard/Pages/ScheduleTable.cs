using System.Text;
using EcommerceLake.Orchestrator.Schedules;
using Microsoft.AspNetCore.Http;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary>
/// The overview's schedules (<see cref="ScheduleStore.ListAsync"/>): per source its interval or cron expression with
/// its zone, the next tick (in how long, and when in UTC), and the last tick with the run it requested and that run's
/// state; a paused schedule's next tick reads <c>Paused</c>, with who paused it and why as its title; or how to
/// configure one when none is. Operators get each schedule's pause or resume button
/// (<see cref="Forms.ScheduleSwitch"/>).
/// </summary>
internal static class ScheduleTable
{
    public static string Render(HttpContext http, IReadOnlyList<ScheduleState> schedules, DateTimeOffset now)
    {
        if (schedules.Count == 0)
            return """
                <p class="note" data-testid="schedules">No schedule: runs start by hand, on source events and on the
                review webhook. <code>Orchestrator:Schedules:&lt;source&gt;</code> takes an interval
                (<code>00:15:00</code>) or a cron expression (<code>0 2 * * *</code>, in
                <code>Orchestrator:ScheduleTimeZone</code>).</p>
                """;
        var html = new StringBuilder("""
            <div class="table-wrap"><table class="striped" data-testid="schedules">
            <thead><tr><th>Source</th><th>Schedule</th><th>Next (UTC)</th><th>Last tick (UTC)</th><th>Last run</th>
            <th></th></tr></thead><tbody>
            """);
        foreach (var s in schedules)
        {
            var schedule = s.Kind == ScheduleKind.Cron
                ? $"<code>{E(s.Expression)}</code> <small>{E(s.TimeZone)}</small>"
                : $"every <code>{E(s.Expression)}</code>";
            var next = s.PausedAt is not null
                ? $"<span class=\"badge warn\" data-testid=\"schedule-paused\" title=\"{E(
                    $"paused by {s.PausedBy}: {s.PausedReason}")}\">Paused</span> <small>{
                    (s.PausedTicks > 0 ? $"{s.PausedTicks} tick{(s.PausedTicks == 1 ? "" : "s")} passed" : "")}</small>"
                : s.NextDueAt is { } due
                ? $"{E(Until(due, now))} <small>{Time(due)}</small>"
                : "<small>never again</small>";
            var missed = s.LastTicks > 1 ? $" <small class=\"bad-text\">({s.LastTicks - 1} missed before)</small>" : "";
            var last = s.LastRunId is { } run
                ? $"<a href=\"/dashboard/runs/{run}\"><code>{Short(run)}</code></a> "
                    + (s.LastRunState is { } state ? Badge(state) : "")
                : "<small>none yet</small>";
            html.Append($"""
                <tr data-schedule="{E(s.Source)}"><td>{E(s.Source)}</td><td>{schedule}</td><td>{next}</td>
                <td>{Time(s.LastDueAt)}{missed}</td><td>{last}</td><td>{Forms.ScheduleSwitch(http, s)}</td></tr>
                """);
        }
        html.Append("</tbody></table></div>");
        return html.ToString();
    }

    /// <summary><c>now</c>, <c>in 12 min</c>, <c>in 3 h</c>, <c>in 2 days</c>.</summary>
    private static string Until(DateTimeOffset at, DateTimeOffset now)
    {
        var wait = at - now;
        if (wait < TimeSpan.FromMinutes(1)) return "now";
        if (wait < TimeSpan.FromHours(1)) return $"in {(int)wait.TotalMinutes} min";
        if (wait < TimeSpan.FromDays(2)) return $"in {(int)wait.TotalHours} h";
        return $"in {(int)wait.TotalDays} days";
    }
}
