using System.Text;
using EcommerceLake.Orchestrator.Schedules;
using EcommerceLake.Orchestrator.Security;
using EcommerceLake.Orchestrator.StreamControl;
using EcommerceLake.Streams;
using Microsoft.AspNetCore.Http;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary>The operator forms (trigger a run, reset an offset, switch a stream, pause or resume a schedule, cancel a
/// run, run one again); a viewer sees why they are absent.</summary>
internal static class Forms
{
    public static string TriggerRun(HttpContext http, StreamCatalog catalog)
    {
        if (!OperatorPrincipal.Can(http.User, OperationsRoles.Operator)) return ViewerNote("start runs");
        var html = new StringBuilder();
        html.Append($"""
            <form method="post" action="/dashboard/runs" class="trigger" data-testid="trigger-form">
            {Layout.Antiforgery(http)}
            <fieldset class="sources"><legend>Sources</legend>
            """);
        foreach (var source in catalog.Sources)
            html.Append($"""
                <label><input type="checkbox" name="sources" value="{E(source)}" checked> {E(source)}</label>
                """);
        html.Append("""
            </fieldset>
            <label><input type="checkbox" role="switch" name="full" value="true"> Full snapshot (ignore offsets)</label>
            <button type="submit" data-testid="start-run">▶ Start run</button>
            </form>
            """);
        return html.ToString();
    }

    public static string ResetOffset(HttpContext http, string source, string stream, string? error, string? offset,
        string? reason)
    {
        if (!OperatorPrincipal.Can(http.User, OperationsRoles.Operator)) return ViewerNote("reset offsets");
        return $"""
            <form method="post" action="/dashboard/streams/{E(source)}/{E(stream)}/reset" data-testid="reset-form">
            {Layout.Antiforgery(http)}
            {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}
            <label>New offset <small>(the connector's JSON; leave empty to read the stream from scratch)</small>
              <textarea name="offset" rows="2" placeholder='{E("{\"changeVersion\": 0}")}'>{E(offset)}</textarea>
            </label>
            <label>Reason <small>(required, recorded in the audit trail with your name)</small>
              <input name="reason" required maxlength="500" value="{E(reason)}" placeholder="why the stream is re-read">
            </label>
            <button type="submit" class="secondary" data-testid="reset-offset">↺ Reset offset</button>
            </form>
            """;
    }

    public static string CancelRun(HttpContext http, Guid runId) =>
        !OperatorPrincipal.Can(http.User, OperationsRoles.Operator) ? "" : $"""
            <details class="cancel"><summary role="button" class="outline contrast">Cancel run…</summary>
            <form method="post" action="/dashboard/runs/{runId}/cancel">
            {Layout.Antiforgery(http)}
            <input name="reason" required maxlength="500" placeholder="why the run is cancelled">
            <button type="submit" class="contrast">Cancel run</button>
            </form></details>
            """;

    /// <summary>A button that starts a new run of <paramref name="sources"/> (source names or <c>source.stream</c>
    /// keys) with the same full-snapshot choice (the trigger form's POST, its fields hidden), labelled
    /// <paramref name="label"/>, its form's <c>data-testid</c> <paramref name="testId"/>; nothing for a viewer.
    /// </summary>
    public static string RunAgain(HttpContext http, IReadOnlyList<string> sources, bool full,
        string label = "↻ Run again", string testId = "run-again") =>
        !OperatorPrincipal.Can(http.User, OperationsRoles.Operator) ? "" : $"""
            <form method="post" action="/dashboard/runs" class="run-again" data-testid="{E(testId)}">
            {Layout.Antiforgery(http)}{string.Concat(sources.Select(s =>
                $"<input type=\"hidden\" name=\"sources\" value=\"{E(s)}\">"))}{(full
                ? "<input type=\"hidden\" name=\"full\" value=\"true\">" : "")}
            <button type="submit" class="outline">{E(label)}</button>
            </form>
            """;

    /// <summary>A stream's switches as they stand (paused, a full read asked for), its latest switch actions
    /// (<paramref name="audit"/>, newest first) and, for an operator, a reason and
    /// the buttons that pause or resume it or make its next run read it whole (audited under the principal).
    /// </summary>
    public static string StreamSwitches(HttpContext http, string source, string stream, StreamView? view,
        IReadOnlyList<StreamControlAuditEntry> audit)
    {
        var state = view is { Paused: true }
            ? $"<p data-testid=\"switch-state\"><span class=\"badge warn\">Paused</span> by {E(view.PausedBy)} "
                + $"{Time(view.PausedAt)}: {E(view.PausedReason)}. Runs skip it; its offset is kept.</p>"
            : "<p data-testid=\"switch-state\"><span class=\"badge ok\">Active</span> Runs take it.</p>";
        if (view is { ForceFull: true })
            state += $"<p><span class=\"badge busy\">Full next</span> asked by {E(view.ForceFullBy)}: "
                + $"{E(view.ForceFullReason)}. The next run that loads it reads it whole.</p>";
        if (audit.Count > 0)
            state += "<ul class=\"switch-audit\" data-testid=\"switch-audit\">" + string.Concat(audit.Select(a =>
                $"<li>{Time(a.RequestedAt)} <strong>{E(a.Action)}</strong> by {E(a.RequestedBy)}: {E(a.Reason)}</li>"))
                + "</ul>";
        if (!OperatorPrincipal.Can(http.User, OperationsRoles.Operator)) return state + ViewerNote("switch streams");
        var paused = view is { Paused: true };
        return state + $"""
            <form method="post" action="/dashboard/streams/{E(source)}/{E(stream)}/switch" data-testid="switch-form">
            {Layout.Antiforgery(http)}
            <input name="reason" required maxlength="500" placeholder="why (recorded in the audit trail)">
            <div class="buttons">
            <button type="submit" name="action" value="{(paused ? "Resume" : "Pause")}" class="{(paused ? ""
                : "secondary")}" data-testid="{(paused ? "resume" : "pause")}-stream">{(paused ? "▶ Resume"
                : "⏸ Pause")}</button>
            <button type="submit" name="action" value="ForceFull" class="outline" data-testid="force-full">
              ⟲ Read whole next run</button>
            </div></form>
            """;
    }

    /// <summary>For an operator, a schedule's pause or resume button with its reason (audited under the principal);
    /// nothing for a viewer.</summary>
    public static string ScheduleSwitch(HttpContext http, ScheduleState schedule)
    {
        if (!OperatorPrincipal.Can(http.User, OperationsRoles.Operator)) return "";
        var action = schedule.PausedAt is null ? "pause" : "resume";
        return $"""
            <details class="schedule-switch"><summary data-testid="{action}-schedule">{(action == "pause"
                ? "Pause…" : "Resume…")}</summary>
            <form method="post" action="/dashboard/schedules/{E(schedule.Source)}/{action}">
            {Layout.Antiforgery(http)}
            <input name="reason" required maxlength="500" placeholder="why (recorded in the audit trail)">
            <button type="submit" class="outline">{(action == "pause" ? "Pause schedule" : "Resume schedule")}</button>
            </form></details>
            """;
    }

    private static string ViewerNote(string what) =>
        $"<p class=\"note\" data-testid=\"viewer-note\">You are signed in as a viewer: operators {what}.</p>";
}
