using EcommerceLake.Orchestrator.Freshness;
using EcommerceLake.Orchestrator.Security;
using EcommerceLake.Streams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.StreamControl;

/// <summary>
/// The streams endpoints of the operations API (JSON), authenticated like the rest of it
/// (<see cref="OperationsAuthRegistration"/>: 401 without credentials, 403 without the role named below):
/// <list type="bullet">
/// <item><c>GET /streams</c> (viewer) — every stream of the catalog (<see cref="StreamView"/>): paused or not, a full
/// run asked
/// for or not, committed offset, and freshness (last data, age, lag, expected cadence, state).</item>
/// <item><c>POST /streams/{source}/{stream}/pause</c>, <c>…/resume</c>, <c>…/force-full</c> (operator) — body
/// <see cref="StreamControlRequest"/>: 200 with <see cref="StreamControlResult"/>, the audit naming the
/// authenticated principal (<see cref="OperatorPrincipal.NameOf"/>; a <c>requestedBy</c> in the body is ignored); 400
/// for an unknown stream or without <c>reason</c>. Runs already under way are not changed: the switch applies from the
/// next run that starts.</item>
/// <item><c>GET /streams/audit?source=S&amp;limit=N</c> (viewer) — the actions, newest first; N defaults to and is
/// capped by
/// <c>Orchestrator:ListLimit</c>.</item>
/// </list>
/// </summary>
public static class StreamControlApi
{
    /// <summary>The last segment of each action's route, the action it applies, and what it does (the OpenAPI
    /// summary).</summary>
    private static readonly (string Verb, StreamControlAction Action, string Summary)[] Actions =
    [
        ("pause", StreamControlAction.Pause, "Pause a stream: runs skip it, its offset stays"),
        ("resume", StreamControlAction.Resume, "Resume a paused stream"),
        ("force-full", StreamControlAction.ForceFull, "Make a stream's next run a full snapshot"),
    ];

    /// <summary>
    /// Maps the endpoints above on <paramref name="endpoints"/> (the operations API's group, which requires the viewer
    /// role); the POSTs require the operator role.
    /// </summary>
    public static IEndpointRouteBuilder MapStreamControlApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/streams", async (FreshnessQueries freshness, CancellationToken cancellationToken) =>
            Results.Ok(await freshness.ListStreamsAsync(cancellationToken)))
            .WithSummary("Every stream: paused, full next, committed offset and freshness")
            .Produces<IReadOnlyList<StreamView>>();
        endpoints.MapGet("/streams/audit", async (StreamControls controls, IOptions<OrchestratorOptions> options,
            string? source, int? limit, CancellationToken cancellationToken) =>
        {
            var max = options.Value.ListLimit;
            return Results.Ok(await controls.ListAuditAsync(Math.Clamp(limit ?? max, 1, max), source,
                cancellationToken));
        }).WithSummary("Pauses, resumes and forced full runs, newest first")
            .Produces<IReadOnlyList<StreamControlAuditEntry>>();
        foreach (var (verb, action, summary) in Actions)
            endpoints.MapPost($"/streams/{{source}}/{{stream}}/{verb}", (string source, string stream,
                    StreamControlRequest? request, StreamCatalog catalog, StreamControls controls,
                    FreshnessQueries freshness, HttpContext http, CancellationToken cancellationToken) =>
                ApplyAsync(source, stream, action, request, catalog, controls, freshness, http, cancellationToken))
                .RequireAuthorization(OperationsRoles.Operator)
                .WithSummary($"{summary}, with a reason; audited (operator)")
                .Produces<StreamControlResult>().ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<IResult> ApplyAsync(string source, string stream, StreamControlAction action,
        StreamControlRequest? request, StreamCatalog catalog, StreamControls controls, FreshnessQueries freshness,
        HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!catalog.All.Any(s => s.Source == source && s.Stream == stream))
            errors["stream"] =
            [
                $"Unknown stream '{source}.{stream}'. "
                + $"Known streams: {string.Join(", ", catalog.All.Select(s => s.Key))}.",
            ];
        if (string.IsNullOrWhiteSpace(request?.Reason))
            errors["reason"] = [$"Say why ({action}: reason)."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var (_, audit) = await controls.ApplyAsync(source, stream, action, OperatorPrincipal.NameOf(http.User),
            request!.Reason!, cancellationToken);
        var view = (await freshness.ListStreamsAsync(cancellationToken))
            .Single(v => v.Source == source && v.Stream == stream);
        return Results.Ok(new StreamControlResult { Stream = view, Audit = audit });
    }
}
