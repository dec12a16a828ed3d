using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Api;
using EcommerceLake.Orchestrator.Queries;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator;

/// <summary>
/// The orchestrator's HTTP API (JSON):
/// <list type="bullet">
/// <item><c>POST /runs</c> — body <see cref="StartRunRequest"/>; publishes <see cref="RequestRun"/> (trigger <c>api</c>)
/// and answers 202 with <see cref="RunRequested"/> and <c>Location: /runs/{id}</c>; 400 for an unknown source.</item>
/// <item><c>GET /runs?limit=N</c> — latest runs first (<see cref="RunSummary"/>); N defaults to and is capped by <c>Orchestrator:ListLimit</c>.</item>
/// <item><c>GET /runs/{id}</c> — <see cref="RunDetails"/>: every stream's status, offsets, row counts, step times and
/// errors; 404 when the run is unknown (not admitted yet, or refused).</item>
/// <item><c>GET /offsets</c> — every committed offset.</item>
/// </list>
/// </summary>
public static class OrchestratorApi
{
    /// <summary>Maps the endpoints above on <paramref name="app"/>.</summary>
    public static WebApplication MapOrchestratorApi(this WebApplication app)
    {
        var runs = app.MapGroup("/runs");
        runs.MapPost("", StartRunAsync);
        runs.MapGet("", async (RunQueries queries, IOptions<OrchestratorOptions> options, int? limit, CancellationToken cancellationToken) =>
        {
            var max = options.Value.ListLimit;
            return Results.Ok(await queries.ListRunsAsync(Math.Clamp(limit ?? max, 1, max), cancellationToken));
        });
        runs.MapGet("/{runId:guid}", async (Guid runId, RunQueries queries, CancellationToken cancellationToken) =>
            await queries.GetRunAsync(runId, cancellationToken) is { } run
                ? Results.Ok(run)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown run",
                    detail: $"Run {runId} is unknown: it has not been admitted yet, or it was refused."));
        app.MapGet("/offsets", async (RunQueries queries, CancellationToken cancellationToken) =>
            Results.Ok(await queries.ListOffsetsAsync(cancellationToken)));
        return app;
    }

    private static async Task<IResult> StartRunAsync(StartRunRequest? request, StreamCatalog catalog, IPublishEndpoint publish,
        HttpContext http, CancellationToken cancellationToken)
    {
        request ??= new StartRunRequest();
        var sources = request.Sources is { Count: > 0 } requested
            ? requested.Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList()
            : catalog.Sources.ToList();
        var unknown = sources.Where(s => !catalog.Sources.Contains(s, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["sources"] = [$"Unknown source(s) {string.Join(", ", unknown.Select(s => $"'{s}'"))}. Known sources: {string.Join(", ", catalog.Sources)}."],
            });
        }
        var requestedBy = !string.IsNullOrWhiteSpace(request.RequestedBy)
            ? request.RequestedBy.Trim()
            : http.User.Identity?.Name is { Length: > 0 } user ? user : "api";
        var runId = NewId.NextGuid();
        await publish.Publish(new RequestRun(runId, sources, "api", requestedBy, request.ForceFull), cancellationToken);
        return Results.Accepted($"/runs/{runId}", new RunRequested(runId, sources, request.ForceFull, requestedBy));
    }
}
