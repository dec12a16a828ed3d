using System.Text;
using EcommerceLake.Orchestrator.Security;
using EcommerceLake.Streams;
using Microsoft.AspNetCore.Http;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary>The operator forms (trigger a run, reset an offset, cancel a run, run one again); a viewer sees why they
/// are absent.</summary>
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

    /// <summary>A button that starts a new run of <paramref name="sources"/> with the same full-snapshot choice (the
    /// trigger form's POST, its fields hidden); nothing for a viewer.</summary>
    public static string RunAgain(HttpContext http, IReadOnlyList<string> sources, bool full) =>
        !OperatorPrincipal.Can(http.User, OperationsRoles.Operator) ? "" : $"""
            <form method="post" action="/dashboard/runs" class="run-again" data-testid="run-again">
            {Layout.Antiforgery(http)}{string.Concat(sources.Select(s =>
                $"<input type=\"hidden\" name=\"sources\" value=\"{E(s)}\">"))}{(full
                ? "<input type=\"hidden\" name=\"full\" value=\"true\">" : "")}
            <button type="submit" class="outline">↻ Run again</button>
            </form>
            """;

    private static string ViewerNote(string what) =>
        $"<p class=\"note\" data-testid=\"viewer-note\">You are signed in as a viewer: operators {what}.</p>";
}
