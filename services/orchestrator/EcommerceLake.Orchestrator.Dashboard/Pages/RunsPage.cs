using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Streams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary><c>GET /dashboard/runs[?state=…&amp;source=…]</c>: the runs list, narrowed by a <see cref="RunFilter"/>,
/// with the filter and trigger forms; <c>GET /dashboard/fragments/runs</c>: the table alone, for htmx.</summary>
internal static class RunsPage
{
    private const int Limit = 50;

    public static async Task<IResult> Handle(HttpContext http, RunQueries queries, StreamCatalog catalog,
        IOptions<DashboardOptions> options, TimeProvider time, string? state, string? source,
        CancellationToken cancellationToken)
    {
        var filter = RunFilter.Parse(state, source, catalog, out var errors);
        var problem = errors.Count == 0 ? ""
            : $"<p class=\"bad-text\" role=\"alert\">{E(string.Join(" ", errors.Values.SelectMany(e => e)))}</p>";
        filter ??= RunFilter.None;
        var runs = await queries.ListRunDetailsAsync(Limit, filter, cancellationToken);
        var body = $"""
            <hgroup><h1>Runs</h1><p>The latest {Limit} runs{Describe(filter)}, newest first; the table refreshes
            itself.</p></hgroup>
            {FilterForm(filter, catalog)}{problem}
            <details class="start"><summary role="button" class="outline">▶ Start a run…</summary>
            {Forms.TriggerRun(http, catalog)}</details>
            {RunTable.Render(runs, Limit, options.Value.RefreshSeconds, time.GetUtcNow(), filter)}
            """;
        return Layout.Page(http, "Runs", "Runs", body);
    }

    public static async Task<IResult> Fragment(int? limit, string? state, string? source, RunQueries queries,
        StreamCatalog catalog, IOptions<DashboardOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit ?? Limit, 1, 200);
        var filter = RunFilter.Parse(state, source, catalog, out _) ?? RunFilter.None;
        var runs = await queries.ListRunDetailsAsync(take, filter, cancellationToken);
        return Layout.Fragment(RunTable.Render(runs, take, options.Value.RefreshSeconds, time.GetUtcNow(), filter));
    }

    private static string Describe(RunFilter filter) =>
        (filter.State is { } state ? $" in state {E(state)}" : "")
        + (filter.Source is { } source ? $" of source {E(source)}" : "");

    /// <summary>A GET form of two selects (state, source); it works without script.</summary>
    private static string FilterForm(RunFilter filter, StreamCatalog catalog)
    {
        static string Options(IEnumerable<string> values, string? selected, string any) =>
            $"<option value=\"\">{any}</option>" + string.Concat(values.Select(v =>
                $"<option value=\"{E(v)}\"{(v == selected ? " selected" : "")}>{E(v)}</option>"));
        return $"""
            <form method="get" action="/dashboard/runs" class="run-filter" role="search" data-testid="run-filter">
            <fieldset role="group">
            <select name="state" aria-label="State">{Options(RunFilter.States, filter.State, "Any state")}</select>
            <select name="source" aria-label="Source">{Options(catalog.Sources, filter.Source, "Any source")}</select>
            <button type="submit" class="outline">Filter</button>
            </fieldset></form>
            """;
    }
}
