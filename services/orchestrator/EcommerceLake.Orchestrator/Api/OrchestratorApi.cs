using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Admission;
using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Orchestrator.Api;
using EcommerceLake.Orchestrator.Checks;
using EcommerceLake.Orchestrator.Lineage;
using EcommerceLake.Orchestrator.Offsets;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Schedules;
using EcommerceLake.Orchestrator.Schemas;
using EcommerceLake.Orchestrator.Security;
using EcommerceLake.Orchestrator.StreamControl;
using EcommerceLake.Orchestrator.Triggers;
using EcommerceLake.Streams;
using EcommerceLake.Streams.Offsets;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator;

/// <summary>
/// The orchestrator's HTTP API (JSON). Every endpoint but the webhook needs an authenticated principal
/// (<see cref="OperationsAuthRegistration"/>): 401 without valid credentials, 403 without the role named below. The
/// audit trail (a run's <c>requestedBy</c>, a cancel, an offset reset) records that principal
/// (<see cref="OperatorPrincipal.NameOf"/>); a <c>requestedBy</c> in a request body is ignored. The OpenAPI
/// description is served at <c>GET /openapi/v1.json</c>, with a summary and the response types of every operation.
/// <list type="bullet">
/// <item><c>POST /runs</c> (operator) — body <see cref="StartRunRequest"/>; publishes <see cref="RequestRun"/> (trigger
/// <c>api</c>) and answers 202 with <see cref="RunRequested"/> and <c>Location: /runs/{id}</c>; <c>sources</c> may
/// hold <c>source.stream</c> keys to run only those streams (<see cref="RunSelection"/>); 400 for an unknown source
/// or stream.</item>
/// <item><c>GET /runs?limit=N&amp;state=S&amp;source=X</c> (viewer) — latest runs first (<see cref="RunSummary"/>);
/// N defaults to and is capped by <c>Orchestrator:ListLimit</c>; <see cref="RunFilter"/> narrows them (400 for an
/// unknown state or source).</item>
/// <item><c>GET /runs/ids?endingWith=H</c> (viewer) — the ids (at most <see cref="ShortIdMatches"/>, newest first)
/// of the runs and refused requests whose id ends with the hex digits H, 4 to 31 of them (the dashboard's short id);
/// 400 otherwise.</item>
/// <item><c>GET /runs/{id}</c> (viewer) — <see cref="RunDetails"/>: every stream's status, offsets, row counts, step
/// times and
/// errors, and the run's W3C trace id (<c>run.traceId</c>); a refused request as a run whose <c>run.state</c> is
/// <c>Refused</c>, with the reason in <c>run.error</c> and the run holding its source in <c>activeRunId</c>; 404 when
/// the request is unknown (not answered yet).</item>
/// <item><c>POST /runs/{id}/cancel</c> (operator) — see <see cref="CancelRunAsync"/>.</item>
/// <item><c>GET /offsets</c> (viewer) — every committed offset.</item>
/// <item><c>POST /offsets/{source}/{stream}/reset</c> (operator) — body <see cref="ResetOffsetRequest"/>
/// (<c>offset</c> JSON or null for "from scratch"; <c>reason</c> required): 200 with the audit record; 409 while the
/// source has an active run; 400 for an unknown stream, a missing field or an offset the source's connector cannot read
/// (<see cref="OffsetFormats"/>: the message quotes the expected shape).</item>
/// <item><c>GET /offsets/audit?source=S&amp;limit=N</c> (viewer) — offset resets, newest first.</item>
/// <item><c>GET /alerts?runId=R&amp;limit=N</c> (viewer) — alerts raised, newest first.</item>
/// <item><c>GET /schedules</c>, <c>GET /schedules/audit</c> (viewer), <c>POST /schedules/{source}/pause|resume</c>
/// (operator) — every configured schedule, its next tick, what its last tick requested, and its pause (see
/// <see cref="ScheduleApi"/>).</item>
/// <item><c>GET /checks?source=S&amp;stream=T&amp;failing=true</c>, <c>GET /runs/{id}/checks</c> (viewer) — the
/// outcomes of the streams' data-quality checks, latest per check or of one run (see <see cref="CheckApi"/>).</item>
/// <item><c>GET /schema-drift?source=S&amp;drifting=true</c> (viewer) — how each stream's source columns compare with
/// its spec (see <see cref="SchemaDriftApi"/>).</item>
/// <item><c>GET /lineage</c> (viewer) — sources, streams, fact tables and marts with what each is computed from and
/// how each stands (<see cref="LineageGraph"/>).</item>
/// <item><c>GET /streams</c>, <c>GET /streams/audit</c> (viewer),
/// <c>POST /streams/{source}/{stream}/pause|resume|force-full</c> (operator) — stream switches and freshness (see
/// <see cref="StreamControlApi"/>).</item>
/// <item><c>POST /webhooks/reviews</c> — the review vendor's webhook, authenticated by its HMAC signature instead
/// (see <see cref="ReviewsWebhook"/>).</item>
/// </list>
/// </summary>
public static class OrchestratorApi
{
    /// <summary>The most ids <c>GET /runs/ids</c> answers: enough to show that a short id is ambiguous.</summary>
    public const int ShortIdMatches = 10;

    /// <summary>
    /// Maps the endpoints above on <paramref name="app"/>, with <c>/openapi/v1.json</c>. Needs
    /// <see cref="OperationsApiRegistration.AddOperationsApi"/> and
    /// <see cref="OperationsAuthRegistration.UseOperationsAuth"/>.
    /// </summary>
    public static WebApplication MapOrchestratorApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        var api = app.MapGroup("").WithTags("operations").RequireAuthorization(OperationsRoles.Viewer);
        var runs = api.MapGroup("/runs");
        runs.MapPost("", StartRunAsync).RequireAuthorization(OperationsRoles.Operator)
            .WithSummary("Start a run of some sources or source.stream keys, or of all (operator)")
            .Produces<RunRequested>(StatusCodes.Status202Accepted).ProducesValidationProblem();
        runs.MapGet("", async (RunQueries queries, StreamCatalog catalog, IOptions<OrchestratorOptions> options,
            int? limit, string? state, string? source, CancellationToken cancellationToken) =>
        {
            if (RunFilter.Parse(state, source, catalog, out var errors) is not { } filter)
                return Results.ValidationProblem(errors);
            var max = options.Value.ListLimit;
            return Results.Ok(
                await queries.ListRunsAsync(Math.Clamp(limit ?? max, 1, max), filter, cancellationToken));
        }).WithSummary("The latest runs, newest first; ?state= (Running, BuildingMarts, Completed, Failed) and "
            + "?source= narrow them").Produces<IReadOnlyList<RunSummary>>().ProducesValidationProblem();
        runs.MapGet("/ids", async (string? endingWith, RunQueries queries, CancellationToken cancellationToken) =>
        {
            if (RunIdSuffix.Normalize(endingWith) is not { } digits)
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["endingWith"] = [$"'{endingWith}' is not the end of a run id: give {RunIdSuffix.MinDigits} to "
                        + $"{RunIdSuffix.MaxDigits} of its hex digits (hyphens may stay)."],
                });
            return Results.Ok(await queries.FindRunIdsEndingWithAsync(digits, ShortIdMatches, cancellationToken));
        }).WithSummary("The ids of the runs (refused requests included) whose id ends with some hex digits, such as "
            + "the dashboard's short id; newest first, at most 10").Produces<IReadOnlyList<Guid>>()
            .ProducesValidationProblem();
        runs.MapGet("/{runId:guid}", async (Guid runId, RunQueries queries, CancellationToken cancellationToken) =>
            await queries.GetRunAsync(runId, cancellationToken) is { } run
                ? Results.Ok(run)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown run",
                    detail: $"Run {runId} is unknown: it has not been admitted yet, or it was refused."))
            .WithSummary("A run: its streams' steps, rows, offsets and errors, its marts and its trace id")
            .Produces<RunDetails>().ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapPost("/{runId:guid}/cancel", CancelRunAsync).RequireAuthorization(OperationsRoles.Operator)
            .WithSummary("Cancel an active run, with a reason (operator)").Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/offsets", async (RunQueries queries, CancellationToken cancellationToken) =>
            Results.Ok(await queries.ListOffsetsAsync(cancellationToken)))
            .WithSummary("Every stream's committed offset").Produces<IReadOnlyList<CommittedOffset>>();
        api.MapGet("/offsets/audit", async (RunQueries queries, IOptions<OrchestratorOptions> options, string? source,
            int? limit, CancellationToken cancellationToken) =>
        {
            var max = options.Value.ListLimit;
            return Results.Ok(
                await queries.ListOffsetAuditAsync(Math.Clamp(limit ?? max, 1, max), source, cancellationToken));
        }).WithSummary("Offset resets, newest first").Produces<IReadOnlyList<OffsetAuditEntry>>();
        api.MapPost("/offsets/{source}/{stream}/reset", ResetOffsetAsync)
            .RequireAuthorization(OperationsRoles.Operator)
            .WithSummary("Reset a stream's offset, with a reason; audited (operator)").Produces<OffsetAuditEntry>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/alerts", async (RunQueries queries, IOptions<OrchestratorOptions> options, Guid? runId, int? limit,
            CancellationToken cancellationToken) =>
        {
            var max = options.Value.ListLimit;
            return Results.Ok(
                await queries.ListAlertsAsync(Math.Clamp(limit ?? max, 1, max), runId, cancellationToken));
        }).WithSummary("Alerts raised, newest first").Produces<IReadOnlyList<AlertRecord>>();
        api.MapScheduleApi();
        api.MapCheckApi();
        api.MapSchemaDriftApi();
        api.MapGet("/lineage", async (LineageQueries lineage, CancellationToken cancellationToken) =>
                Results.Ok(await lineage.BuildAsync(cancellationToken)))
            .WithSummary("Sources, streams, fact tables and marts, what each is computed from, and how each stands")
            .Produces<LineageGraph>();
        api.MapStreamControlApi();
        app.MapPost("/webhooks/reviews", ReviewsWebhook.HandleAsync).AllowAnonymous().WithTags("webhooks")
            .WithSummary("The review vendor's notification: starts a run of the reviews source (HMAC-signed body)")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound).Produces(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<IResult> StartRunAsync(StartRunRequest? request, StreamCatalog catalog,
        IPublishEndpoint publish, HttpContext http, CancellationToken cancellationToken)
    {
        request ??= new StartRunRequest();
        if (RunSelection.Resolve(catalog, request.Sources, out var error) is not { } selection)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["sources"] = [error!] });
        var requestedBy = OperatorPrincipal.NameOf(http.User);
        var runId = NewId.NextGuid();
        await publish.Publish(new RequestRun
        {
            RunId = runId,
            Sources = selection.Sources,
            Streams = selection.Streams,
            Trigger = RunTrigger.Api,
            RequestedBy = requestedBy,
            ForceFull = request.ForceFull,
        }, cancellationToken);
        return Results.Accepted($"/runs/{runId}",
            new RunRequested(runId, selection.Sources, selection.Streams, request.ForceFull, requestedBy));
    }

    /// <summary>
    /// <c>POST /runs/{runId}/cancel</c>: 202 once <see cref="CancelRun"/> is published for an active run (the saga
    /// ends it as Failed with kind Cancelled: leases released, cluster deleted, offsets of unfinished streams kept),
    /// recorded as cancelled by the authenticated principal; 400 without <c>reason</c>; 404 for an unknown run; 409
    /// for a run that already ended.
    /// </summary>
    private static async Task<IResult> CancelRunAsync(Guid runId, CancelRunRequest? request, RunQueries queries,
        IPublishEndpoint publish, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Reason)) errors["reason"] = ["Say why the run is cancelled (reason)."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        var run = await queries.GetRunAsync(runId, cancellationToken);
        if (run is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown run",
                detail: $"No run {runId} was admitted.");
        if (run.Run.CompletedAt is not null)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Run already ended",
                detail: $"Run {runId} already ended as {run.Run.State}.");
        await publish.Publish(new CancelRun
        {
            RunId = runId,
            RequestedBy = OperatorPrincipal.NameOf(http.User),
            Reason = request!.Reason!.Trim(),
        },
            cancellationToken);
        return Results.Accepted($"/runs/{runId}");
    }

    private static async Task<IResult> ResetOffsetAsync(string source, string stream, ResetOffsetRequest? request,
        StreamCatalog catalog, OffsetResets resets, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!catalog.All.Any(s => s.Source == source && s.Stream == stream))
            errors["stream"] =
            [
                $"Unknown stream '{source}.{stream}'. "
                + $"Known streams: {string.Join(", ", catalog.All.Select(s => s.Key))}.",
            ];
        if (string.IsNullOrWhiteSpace(request?.Reason))
            errors["reason"] = ["Say why the offset is reset (reason)."];
        string? offset = null;
        if (request?.Offset is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value)
        {
            offset = value.ValueKind == JsonValueKind.String ? value.GetString() : JsonSerializer.Serialize(value);
            if (string.IsNullOrWhiteSpace(offset))
                errors["offset"] = ["The offset is empty: give the connector's offset, or null to read from scratch."];
            else if (!errors.ContainsKey("stream") && OffsetFormats.Problem(source, offset) is { } problem)
                errors["offset"] = [problem + " Give null to read from scratch."];
        }
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var outcome = await resets.ResetAsync(
            source, stream, offset, OperatorPrincipal.NameOf(http.User), request!.Reason!, cancellationToken);
        return outcome.Done
            ? Results.Ok(outcome.Audit)
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Source busy",
                detail: $"Source '{source}' has an active run {outcome.ActiveRunId}; "
                    + "reset the offset once it has ended.",
                extensions: new Dictionary<string, object?> { ["activeRunId"] = outcome.ActiveRunId });
    }
}
