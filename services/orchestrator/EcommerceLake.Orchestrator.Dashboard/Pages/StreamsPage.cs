using System.Text;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Checks;
using EcommerceLake.Orchestrator.Freshness;
using EcommerceLake.Orchestrator.Offsets;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Schemas;
using EcommerceLake.Orchestrator.StreamControl;
using EcommerceLake.Streams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary>
/// <c>GET /dashboard/streams</c>: every stream of the catalog with its state (Fresh, Waiting, Stale or Paused, from
/// <see cref="FreshnessQueries"/>, the same measure as <c>GET /streams</c>), committed offset, last success, freshness
/// and lag (<see cref="StreamHealth"/>), and the latest offset resets;
/// <c>GET /dashboard/streams/{source}/{stream}</c>: one stream, its reset form, its switches (pause, resume, read whole
/// next run), the fact tables and marts it feeds (<see cref="MartsLineage.Downstream"/>) and its audit trail.
/// </summary>
internal static class StreamsPage
{
    private const int RecentRuns = 200;

    public static async Task<IResult> Handle(HttpContext http, RunQueries queries, StreamCatalog catalog,
        FreshnessQueries freshnessQueries, IOptions<DashboardOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var views = (await freshnessQueries.ListStreamsAsync(cancellationToken))
            .ToDictionary(v => (v.Source, v.Stream));
        var health = StreamHealth.Of(catalog, await queries.ListOffsetsAsync(cancellationToken),
            await queries.ListRunDetailsAsync(RecentRuns, RunFilter.None, cancellationToken));
        var audit = await queries.ListOffsetAuditAsync(20, null, cancellationToken);
        var html = new StringBuilder();
        html.Append("""
            <hgroup><h1>Streams</h1><p>State (Paused, or Stale against its expected cadence), committed offsets, last
            successful load, freshness and lag (failed runs since the last success). Open a stream to reset its
            offset.</p></hgroup>
            <article><div class="table-wrap"><table class="striped oneline" data-testid="streams"><thead><tr>
            <th>Stream</th><th>State</th><th>Committed offset</th>
            <th>Last success</th><th>Freshness</th><th>Lag</th><th>Last run</th></tr></thead>
            <tbody>
            """);
        foreach (var h in health)
        {
            var freshness = h.Freshness(now);
            var stale = freshness is null || freshness > options.Value.FreshnessWarning;
            html.Append($"""
                <tr data-stream="{E(h.Source)}.{E(h.Stream)}">
                <td>{StreamLink(h.Source, h.Stream)}</td>
                <td>{State(views.GetValueOrDefault((h.Source, h.Stream)))}</td>
                <td class="offset">{Offset(h.Offset?.Offset)}</td>
                <td>{Time(h.LastSuccess)}</td>
                <td><span class="badge {(stale ? "warn" : "ok")}">{E(freshness is { } f
                    ? Duration(f.TotalSeconds) : "never loaded")}</span></td>
                <td>{Lag(h)}</td>
                <td>{(h.LastRun is { } r
                    ? $"<a href=\"/dashboard/runs/{r.Run.RunId}\">{Badge(r.Run.State)}</a>" : "—")}</td></tr>
                """);
        }
        html.Append("</tbody></table></div></article>");
        html.Append(AuditTable(audit, "Latest offset resets"));
        return Layout.Page(http, "Streams", "Streams", html.ToString());
    }

    public static async Task<IResult> Stream(string source, string stream, HttpContext http, RunQueries queries,
        StreamCatalog catalog, FreshnessQueries freshness, StreamControls controls, CheckResultStore checks,
        SourceSchemaStore schemas, IOptions<DashboardOptions> options, TimeProvider time,
        CancellationToken cancellationToken) =>
        await RenderStreamAsync(source, stream, http, queries, catalog, freshness, controls, checks, schemas,
            options.Value, time, null, null, null, cancellationToken);

    internal static async Task<IResult> RenderStreamAsync(string source, string stream, HttpContext http,
        RunQueries queries, StreamCatalog catalog, FreshnessQueries freshness, StreamControls controls,
        CheckResultStore checks, SourceSchemaStore schemas, DashboardOptions options, TimeProvider time,
        string? error, string? offset, string? reason, CancellationToken cancellationToken)
    {
        if (!catalog.All.Any(s => s.Source == source && s.Stream == stream))
            return Results.NotFound($"Unknown stream '{source}.{stream}'.");
        var now = time.GetUtcNow();
        var h = StreamHealth.Of(source, stream, await queries.ListOffsetsAsync(cancellationToken),
            await queries.ListRunDetailsAsync(RecentRuns, RunFilter.None, cancellationToken));
        var audit = (await queries.ListOffsetAuditAsync(200, source, cancellationToken))
            .Where(a => a.Stream == stream).ToList();
        var done = http.Request.Query.ContainsKey("reset");
        var view = (await freshness.ListStreamsAsync(cancellationToken))
            .FirstOrDefault(v => v.Source == source && v.Stream == stream);
        var spec = catalog.Get(source, stream);
        var feeds = MartsLineage.Downstream(MartsLineage.Trusted + spec.Table);
        var switches = (await controls.ListAuditAsync(200, source, cancellationToken))
            .Where(a => a.Stream == stream).Take(5).ToList();
        var body = $"""
            <nav aria-label="breadcrumb"><ul><li><a href="/dashboard/streams">Streams</a></li>
            <li>{E(source)}.{E(stream)}</li></ul></nav>
            <hgroup><h1><small>{E(source)}.</small>{E(stream)}</h1>
            <p>Last success {E(Ago(h.LastSuccess, now))} · lag {Lag(h)}</p></hgroup>
            {(view is { Paused: true } ? "<p class=\"note\">Paused: runs skip it until it is resumed.</p>"
                : Forms.RunAgain(http, [$"{source}.{stream}"], false, "▶ Run this stream", "run-stream"))}
            {(done
                ? "<p class=\"success\" role=\"status\" data-testid=\"reset-done\">"
                    + "Offset reset; the next run reads from it. The audit entry is below.</p>"
                : "")}
            <div class="grid two">
            <article><header><strong>Committed offset</strong></header>
              <pre data-testid="committed-offset">{E(h.Offset?.Offset
                  ?? "none — the next run reads the stream from scratch")}</pre>
              <small>{(h.Offset is { } o
                  ? $"committed {Time(o.CommittedAt)}{(o.RunId == Guid.Empty ? " by an operator reset"
                      : $" by run <a href=\"/dashboard/runs/{o.RunId}\">{Short(o.RunId)}</a>")}"
                  : "")}</small>
            </article>
            <article><header><strong>Reset the offset</strong></header>
              {Forms.ResetOffset(http, source, stream, error, offset, reason)}
            </article>
            </div>
            <div class="grid two">
            <article><header><strong>Switches</strong></header>
              {Forms.StreamSwitches(http, source, stream, view, switches)}
            </article>
            <article data-testid="feeds"><header><strong>Feeds</strong><small>trusted.{E(spec.Table)} →
              <a href="/dashboard/lineage">lineage</a></small></header>
              {(feeds.Count == 0 ? "<p class=\"note\">No fact table or mart reads it.</p>"
                  : "<p>" + string.Join(" ", feeds.Select(f => $"<code>marts.{E(f.Name)}</code>")) + "</p>")}
            </article>
            </div>
            {ChecksTable(spec, await checks.LatestAsync(source, stream, false, cancellationToken))}
            {SourceSchemaPanel((await schemas.ListAsync(source, false, cancellationToken))
                .FirstOrDefault(s => s.Stream == stream))}
            {AuditTable(audit, "Audit trail of this stream")}
            """;
        return Layout.Page(http, $"{source}.{stream}", "Streams", body);
    }

    /// <summary>The stream's data-quality checks (its spec's <c>checks</c>) with the latest outcome of each: the rows
    /// the latest load wrote, how many fail, sample keys and the run; "not run yet" before a load ran it.</summary>
    private static string ChecksTable(StreamSpec spec, IReadOnlyList<CheckResult> latest)
    {
        var html = new StringBuilder("""
            <article data-testid="checks"><header><strong>Data-quality checks</strong>
            <small>run on the rows each load writes; a failed <em>error</em> check rolls its load back ·
            <code>lake checks</code></small></header>
            """);
        if (spec.Checks.Count == 0)
            return html.Append("""
                <p class="note">No check declared: add <code>checks</code> to the stream's spec.</p></article>
                """).ToString();
        html.Append("""
            <div class="table-wrap"><table class="striped"><thead><tr><th>Check</th><th>Assertion</th>
            <th>Severity</th><th class="num">Failing / checked</th><th>Sample keys</th><th>Run</th>
            <th>When (UTC)</th></tr></thead><tbody>
            """);
        foreach (var check in spec.Checks)
        {
            var r = latest.FirstOrDefault(l => l.Check == check.Name);
            var state = r is null ? "" : r.Passed ? " class=\"passed\"" : " class=\"failing\"";
            html.Append($"<tr data-check=\"{E(check.Name)}\"{state}><td>{E(check.Name)}</td>")
                .Append($"<td><code>{E(check.Describe())}</code></td><td>{E(WireName.Of(check.Severity))}</td>");
            html.Append(r is null
                ? "<td class=\"num\" colspan=\"4\">not run yet</td>"
                : $"<td class=\"num\">{(r.Passed ? "✓ " : "✗ ")}{N(r.FailingRows)} / {N(r.CheckedRows)}</td>"
                    + $"<td>{E(string.Join(", ", r.SampleKeys))}</td>"
                    + $"<td><a href=\"/dashboard/runs/{r.RunId}\">{Short(r.RunId)}</a></td>"
                    + $"<td>{Time(r.CheckedAt)}</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table></div></article>").ToString();
    }

    /// <summary>How the stream's source columns compared with its spec at the latest extraction that saw them: the
    /// columns not read (not landed) and those missing, since when; "not seen yet" before such an extraction.</summary>
    private static string SourceSchemaPanel(SourceSchema? schema)
    {
        var state = schema is null ? "" : schema.Drifting ? " class=\"failing\"" : " class=\"passed\"";
        var html = new StringBuilder($"""
            <article data-testid="source-schema"{state}><header><strong>Source schema</strong>
            <small>the source's columns against the spec at each extraction · <code>lake drift</code></small></header>
            """);
        if (schema is null)
            return html.Append("<p class=\"note\">Not seen yet: the next extraction that reads the source compares its "
                + "columns with the spec.</p></article>").ToString();
        var seen = $"seen by run <a href=\"/dashboard/runs/{schema.RunId}\">{Short(schema.RunId)}</a> at "
            + Time(schema.ObservedAt);
        if (!schema.Drifting)
            return html.Append($"<p>✓ The source offers exactly the spec's columns ({seen}).</p></article>").ToString();
        if (schema.Added.Count > 0)
            html.Append("<p>⚠ Offered but not read, so not landed: ")
                .Append(string.Join(" ", schema.Added.Select(c => $"<code>{E(c)}</code>"))).Append("</p>");
        if (schema.Missing.Count > 0)
            html.Append("<p>✗ In the spec but missing from the source: ")
                .Append(string.Join(" ", schema.Missing.Select(c => $"<code>{E(c)}</code>"))).Append("</p>");
        return html.Append($"<small>Since {Time(schema.DriftingSince!.Value)}, {seen}. Name a new column in the spec "
            + "to land it, or in its <code>ignoredColumns</code> to leave it out.</small></article>").ToString();
    }

    internal static string AuditTable(IReadOnlyList<OffsetAuditEntry> audit, string title)
    {
        var html = new StringBuilder($"""
            <article><header><strong>{E(title)}</strong></header><div class="table-wrap">
            <table class="striped" data-testid="audit"><thead><tr><th>When (UTC)</th><th>Stream</th><th>By</th>
            <th>Reason</th><th>Old offset</th><th>New offset</th></tr></thead><tbody>
            """);
        if (audit.Count == 0) html.Append("<tr><td colspan=\"6\" class=\"empty\">No reset yet.</td></tr>");
        foreach (var a in audit)
            html.Append($"""
                <tr><td>{Time(a.ResetAt)}</td><td>{E(a.Source)}.{E(a.Stream)}</td>
                <td><strong>{E(a.RequestedBy)}</strong></td>
                <td>{E(a.Reason)}</td><td class="offset">{Offset(a.OldOffset)}</td>
                <td class="offset">{Offset(a.NewOffset)}</td></tr>
                """);
        return html.Append("</tbody></table></div></article>").ToString();
    }

    private static string Lag(StreamHealth h) =>
        (h.ActiveRun is { } active ? $"<a href=\"/dashboard/runs/{active}\">{Badge("Running")}</a> " : "")
        + (h.FailedSince == 0
            ? (h.LastSuccess is null ? "not loaded yet" : "up to date")
            : $"<span class=\"bad-text\">{h.FailedSince} failed run{(h.FailedSince == 1 ? "" : "s")}</span>");

    /// <summary>The stream's state badge; its title says who paused it and why, or the expected cadence.</summary>
    private static string State(StreamView? view)
    {
        if (view is null) return "—";
        var f = view.Freshness;
        var (css, title) = f.State switch
        {
            FreshnessState.Paused => ("idle", $"paused by {view.PausedBy}: {view.PausedReason}"),
            FreshnessState.Stale => ("bad", $"{Duration(f.LagSeconds)} past its cadence of "
                + Duration(f.ExpectedEverySeconds)),
            FreshnessState.Fresh => ("ok", $"expected every {Duration(f.ExpectedEverySeconds)}"),
            _ => ("busy", $"no data yet; expected every {Duration(f.ExpectedEverySeconds)}"),
        };
        var full = view.ForceFull
            ? " <span class=\"badge warn\" title=\"the next run reads it whole\">full next</span>"
            : "";
        return $"<span class=\"badge {css}\" data-testid=\"stream-state\" title=\"{E(title)}\">{E(f.State)}</span>"
            + full;
    }
}
