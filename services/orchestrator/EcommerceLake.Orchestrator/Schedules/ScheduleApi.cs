using EcommerceLake.Orchestrator.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using EcommerceLake.Streams;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Schedules;

/// <summary>
/// The schedules endpoints of the operations API (JSON), authenticated like the rest of it
/// (<see cref="OperationsAuthRegistration"/>: 401 without credentials, 403 without the role named below):
/// <list type="bullet">
/// <item><c>GET /schedules</c> (viewer) — every configured schedule: its next tick, what its last tick requested, and
/// whether it is paused (<see cref="ScheduleState"/>).</item>
/// <item><c>POST /schedules/{source}/pause</c>, <c>…/resume</c> (operator) — body <see cref="ScheduleRequest"/>: 200
/// with <see cref="ScheduleControlResult"/> (the schedule as it now stands, the audit record); audited under the
/// authenticated principal (<see cref="OperatorPrincipal.NameOf"/>); 400 without <c>reason</c>; 404 when no schedule of
/// the source is configured (<c>Orchestrator:Schedules</c>). A paused schedule's ticks pass without runs; a resumed one
/// runs from its next tick. Runs by hand and on source events are not affected (pause a stream for that).</item>
/// <item><c>GET /schedules/audit?source=S&amp;limit=N</c> (viewer) — pauses and resumes, newest first; N defaults to
/// and is capped by <c>Orchestrator:ListLimit</c>.</item>
/// </list>
/// </summary>
public static class ScheduleApi
{
    /// <summary>
    /// Maps the endpoints above on <paramref name="endpoints"/> (the operations API's group, which requires the viewer
    /// role); the POSTs require the operator role.
    /// </summary>
    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/schedules", async (ScheduleStore schedules, CancellationToken cancellationToken) =>
                Results.Ok(await schedules.ListAsync(cancellationToken)))
            .WithSummary("Every schedule: its expression, next tick, what its last tick requested, paused or not")
            .Produces<IReadOnlyList<ScheduleState>>();
        endpoints.MapGet("/schedules/audit", async (ScheduleStore schedules, IOptions<OrchestratorOptions> options,
            string? source, int? limit, CancellationToken cancellationToken) =>
        {
            var max = options.Value.ListLimit;
            return Results.Ok(await schedules.ListAuditAsync(Math.Clamp(limit ?? max, 1, max), source,
                cancellationToken));
        }).WithSummary("Pauses and resumes of schedules, newest first")
            .Produces<IReadOnlyList<ScheduleAuditEntry>>();
        foreach (var action in Enum.GetValues<ScheduleAction>())
            endpoints.MapPost($"/schedules/{{source}}/{action.ToString().ToLowerInvariant()}", (string source,
                    ScheduleRequest? request, ScheduleStore schedules, IOptions<OrchestratorOptions> options,
                    StreamCatalog catalog, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
                ApplyAsync(source, action, request, schedules, RunScheduler.Read(options.Value, catalog), time, http,
                    cancellationToken))
                .RequireAuthorization(OperationsRoles.Operator)
                .WithSummary(action == ScheduleAction.Pause
                    ? "Pause a schedule: its ticks pass without runs (operator; reason required, audited)"
                    : "Resume a paused schedule from its next tick (operator; reason required, audited)")
                .Produces<ScheduleControlResult>().ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>Pauses or resumes the schedule of <paramref name="source"/> if <paramref name="configured"/> has
    /// one (<see cref="ScheduleStore.SwitchAsync"/>).</summary>
    private static async Task<IResult> ApplyAsync(string source, ScheduleAction action, ScheduleRequest? request,
        ScheduleStore schedules, IReadOnlyList<RunSchedule> configured, TimeProvider time, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Reason))
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["reason"] = [$"Say why ({action}: reason)."],
            });
        var audit = await schedules.SwitchAsync(source, action, OperatorPrincipal.NameOf(http.User),
            request.Reason.Trim(), configured, time.GetUtcNow(), cancellationToken);
        if (audit is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such schedule",
                detail: $"No schedule of '{source}' is configured (Orchestrator:Schedules:{source}). "
                    + (configured.Count == 0 ? "No schedule is configured."
                        : $"Scheduled sources: {string.Join(", ", configured.Select(s => s.Source))}."));
        return Results.Ok(new ScheduleControlResult(
            (await schedules.ListAsync(cancellationToken)).Single(s => s.Source == source), audit));
    }
}
