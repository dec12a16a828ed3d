using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Streams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary><c>GET /dashboard/runs</c>: the runs list with the trigger form; <c>GET /dashboard/fragments/runs</c>:
/// the table alone, for htmx.</summary>
internal static class RunsPage
{
    public static async Task<IResult> Handle(HttpContext http, RunQueries queries, StreamCatalog catalog,
        IOptions<DashboardOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var runs = await queries.ListRunDetailsAsync(50, cancellationToken);
        var body = $"""
            <hgroup><h1>Runs</h1><p>The latest 50 runs, newest first; the table refreshes itself.</p></hgroup>
            <details class="start"><summary role="button" class="outline">▶ Start a run…</summary>
            {Forms.TriggerRun(http, catalog)}</details>
            {RunTable.Render(runs, 50, options.Value.RefreshSeconds, time.GetUtcNow())}
            """;
        return Layout.Page(http, "Runs", "Runs", body);
    }

    public static async Task<IResult> Fragment(int? limit, RunQueries queries, IOptions<DashboardOptions> options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit ?? 50, 1, 200);
        var runs = await queries.ListRunDetailsAsync(take, cancellationToken);
        return Layout.Fragment(RunTable.Render(runs, take, options.Value.RefreshSeconds, time.GetUtcNow()));
    }
}
