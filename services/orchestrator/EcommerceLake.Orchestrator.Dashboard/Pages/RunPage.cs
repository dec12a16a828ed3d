using System.Text;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Checks;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Sagas;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary>
/// <c>GET /dashboard/runs/{id}</c>: one run — its state, trigger, who asked, the trace link, the per-stream timeline,
/// the streams table with row counts and offsets, the data-quality checks its loads ran, errors with their kind, and
/// the run's alerts. While the run is
/// active the live section re-fetches itself (<c>/dashboard/fragments/runs/{id}</c>) every
/// <see cref="DashboardOptions.RefreshSeconds"/>; once it has ended the fragment comes back without the trigger, so
/// polling stops. A run not admitted yet shows as waiting, or as refused with the reason.
/// </summary>
internal static class RunPage
{
    public static async Task<IResult> Handle(Guid runId, HttpContext http, RunQueries queries,
        CheckResultStore checks, IOptions<DashboardOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var live = await LiveAsync(runId, http, queries, checks, options.Value, time, cancellationToken);
        var body = $"""
            <nav aria-label="breadcrumb"><ul><li><a href="/dashboard/runs">Runs</a></li>
            <li><code>{runId}</code></li></ul></nav>
            {live}
            """;
        return Layout.Page(http, $"Run {Short(runId)}", "Runs", body);
    }

    public static async Task<IResult> Fragment(Guid runId, HttpContext http, RunQueries queries,
        CheckResultStore checks, IOptions<DashboardOptions> options, TimeProvider time,
        CancellationToken cancellationToken) =>
        Layout.Fragment(await LiveAsync(runId, http, queries, checks, options.Value, time, cancellationToken));

    private static async Task<string> LiveAsync(Guid runId, HttpContext http, RunQueries queries,
        CheckResultStore checks, DashboardOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var details = await queries.GetRunAsync(runId, cancellationToken);
        var poll = $"hx-get=\"/dashboard/fragments/runs/{runId}\" hx-trigger=\"every {options.RefreshSeconds}s\" "
            + "hx-swap=\"outerHTML\"";
        if (details is null)
            return $"""
                <section id="run-live" data-state="Requested" {poll}><h1>Run {Short(runId)} {Badge("Requested")}</h1>
                <p aria-busy="true">Waiting for admission…</p></section>
                """;
        if (details.Run.State == RunSummary.RefusedState)
            return $"""
                <section id="run-live" data-state="Refused"><h1>Run {Short(runId)} {Badge("Refused")}</h1>
                <p class="error" role="alert">The run was refused: {E(details.Run.Error)}
                {(details.ActiveRunId is { } active
                    ? $" — see the <a href=\"/dashboard/runs/{active}\">active run</a>." : "")}</p>
                {Forms.RunAgain(http, details.Run.SelectedStreams ?? details.Run.Sources, details.Run.ForceFull)}
                </section>
                """;
        var run = details.Run;
        var ended = run.CompletedAt is not null;
        var trace = options.TraceLink(run.TraceId) is { } link
            ? $"<a href=\"{E(link)}\" target=\"_blank\" rel=\"noopener\" data-testid=\"trace-link\">"
                + $"<code>{E(run.TraceId)}</code></a>"
            : run.TraceId is null ? "—" : $"<code>{E(run.TraceId)}</code>";
        var duration = run.DurationSeconds ?? (now - run.CreatedAt).TotalSeconds;
        var html = new StringBuilder();
        html.Append($"""
            <section id="run-live" data-state="{E(run.State)}" {(ended ? "" : poll)}>
            <div class="run-head"><h1>Run <code>{Short(run.RunId)}</code> {Badge(run.State)}</h1>
            {(ended ? Forms.RunAgain(http, run.SelectedStreams ?? run.Sources, run.ForceFull)
                + FailedAgain(http, details)
                : Forms.CancelRun(http, run.RunId))}</div>
            <div class="facts">
              <div><small>Trigger</small><strong>{E(WireName.Of(run.Trigger))}</strong></div>
              <div><small>Requested by</small><strong>{E(run.RequestedBy)}</strong></div>
              <div><small>{(run.SelectedStreams is null ? "Sources" : "Streams")}</small>
                <strong>{E(string.Join(", ", run.SelectedStreams ?? run.Sources))}</strong></div>
              <div><small>Started (UTC)</small><strong>{Time(run.CreatedAt)}</strong></div>
              <div><small>Duration</small><strong>{Duration(duration)}{(ended ? "" : "…")}</strong></div>
              <div><small>Rows extracted</small><strong>{N(details.Streams.Sum(s => s.LandRows))}</strong></div>
              <div><small>Trace</small><strong>{trace}</strong></div>
            </div>
            """);
        if (run.Error is not null)
            html.Append($"<p class=\"error\" role=\"alert\"><strong>Run failed:</strong> {E(run.Error)}</p>");
        html.Append($"""
            <article><header><strong>Timeline</strong> <small>{details.Streams.Count} streams,
            {run.StreamsLoaded} loaded{(run.StreamsFailed > 0 ? $", {run.StreamsFailed} failed" : "")}</small></header>
            {Timeline.Render(details, now)}</article>
            """);
        html.Append(Streams(details));
        html.Append(Checks(await checks.OfRunAsync(runId, cancellationToken)));
        html.Append(Errors(details));
        var alerts = await queries.ListAlertsAsync(50, runId, cancellationToken);
        if (alerts.Count > 0)
            html.Append(AlertsPage.Table(alerts, "Alerts of this run"));
        html.Append("</section>");
        return html.ToString();
    }

    private static string Streams(RunDetails details)
    {
        var html = new StringBuilder();
        html.Append("""
            <article><header><strong>Streams</strong></header><div class="table-wrap">
            <table class="striped streams oneline" data-testid="run-streams"><thead><tr><th>Stream</th>
            <th>Status</th>
            <th class="num">Land</th><th class="num">Raw</th><th class="num">Trusted</th>
            <th class="num">+ / ~ / −</th><th class="num">Extract</th><th class="num">Process</th>
            <th class="num">Load</th><th>Offset after</th></tr></thead><tbody>
            """);
        foreach (var s in details.Streams)
        {
            var offsets = $"from {s.OffsetFrom ?? "none"} to {s.OffsetTo ?? "none"}";
            html.Append($"""
                <tr><td>{StreamLink(s.Source, s.Stream)}
                {(s.IsFullSnapshot ? "<small class=\"tag\">full</small>" : "")}</td>
                <td>{Badge(s.Status.ToString())}</td>
                <td class="num">{N(s.LandRows)}</td><td class="num">{N(s.RawRows)}</td>
                <td class="num">{N(s.TrustedRows)}</td>
                <td class="num">{N(s.Inserted)} / {N(s.Updated)} / {N(s.Deleted)}</td>
                <td class="num">{Duration(s.ExtractSeconds)}</td><td class="num">{Duration(s.ProcessSeconds)}</td>
                <td class="num">{Duration(s.LoadSeconds)}</td>
                <td class="offset">{Offset(s.OffsetTo, offsets)}</td></tr>
                """);
        }
        html.Append("</tbody></table></div>");
        var m = details.Marts;
        if (m.Chains.Count == 0)
            html.Append($"""
                <p><small>Marts: {Badge(m.Status.ToString())} {Duration(m.DurationSeconds)}
                {E(string.Join(", ", m.Tables.Select(t => $"{t.Table} {t.Rows:N0}")))}</small></p>
                """);
        foreach (var c in m.Chains)
            html.Append($"""
                <p data-chain="{E(c.Name)}"><small>Marts ({E(c.Name)}): {Badge(c.Status.ToString())}
                {Duration(c.DurationSeconds)}
                {E(string.Join(", ", c.Tables.Select(t => $"{t.Table} {t.Rows:N0}")))}</small></p>
                """);
        return html.Append("</article>").ToString();
    }

    /// <summary>The data-quality checks the run's loads ran: how many passed, and each failing one with its stream,
    /// assertion, failing and checked rows and sample keys; nothing when no load ran a check.</summary>
    private static string Checks(IReadOnlyList<CheckResult> checks)
    {
        if (checks.Count == 0) return "";
        var failing = checks.Where(c => !c.Passed).ToList();
        var html = new StringBuilder($"""
            <article data-testid="run-checks"><header><strong>Data-quality checks</strong>
            <small>{checks.Count - failing.Count} of {checks.Count} passed</small></header>
            """);
        if (failing.Count == 0)
            return html.Append("<p class=\"note\">Every check of the rows this run loaded passed.</p></article>")
                .ToString();
        html.Append("""
            <div class="table-wrap"><table class="striped"><thead><tr><th>Stream</th><th>Check</th>
            <th>Assertion</th><th class="num">Failing / checked</th><th>Sample keys</th></tr></thead><tbody>
            """);
        foreach (var c in failing)
            html.Append($"""
                <tr class="failing" data-check="{E(c.Check)}"><td>{StreamLink(c.Source, c.Stream)}</td>
                <td>{E(c.Check)} <small>{E(WireName.Of(c.Severity))}</small></td><td><code>{E(c.Assertion)}</code></td>
                <td class="num">{N(c.FailingRows)} / {N(c.CheckedRows)}</td>
                <td>{E(string.Join(", ", c.SampleKeys))}</td></tr>
                """);
        return html.Append("</tbody></table></div></article>").ToString();
    }

    private static string Errors(RunDetails details)
    {
        var failed = details.Streams.Where(s => s.Status == StreamRunStatus.Failed).ToList();
        if (failed.Count == 0 && details.Marts.Error is null) return "";
        var html = new StringBuilder("<article class=\"errors\" data-testid=\"errors\"><header><strong>Errors</strong>"
            + "</header><ul>");
        foreach (var s in failed)
            html.Append($"""
                <li><span class="badge bad">{E(s.FailureKind)}</span> <strong>{E(s.Source)}.{E(s.Stream)}</strong>
                in {E(s.FailedStep)}: {E(s.Error)}</li>
                """);
        if (details.Marts.Error is { } martsError)
            html.Append($"<li><span class=\"badge bad\">{E(details.Marts.FailureKind)}</span> <strong>marts</strong>: "
                + $"{E(martsError)}</li>");
        return html.Append("</ul></article>").ToString();
    }

    /// <summary>For a run with failed streams, a button that runs those streams alone again (Airflow's clearing the
    /// failed tasks): each reads on from its committed offset, which the failed step left where it was.</summary>
    private static string FailedAgain(HttpContext http, RunDetails details)
    {
        var failed = details.Streams.Where(s => s.Status == StreamRunStatus.Failed)
            .Select(s => $"{s.Source}.{s.Stream}").ToList();
        return failed.Count == 0 ? ""
            : Forms.RunAgain(http, failed, details.Run.ForceFull, failed.Count == 1 ? $"↻ Run {failed[0]} again"
                : $"↻ Run the {failed.Count} failed streams again", "run-failed-again");
    }
}
