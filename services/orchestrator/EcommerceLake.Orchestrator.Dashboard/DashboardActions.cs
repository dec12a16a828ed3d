using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Admission;
using EcommerceLake.Orchestrator.Checks;
using EcommerceLake.Orchestrator.Dashboard.Pages;
using EcommerceLake.Orchestrator.Freshness;
using EcommerceLake.Orchestrator.Offsets;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Schemas;
using EcommerceLake.Orchestrator.Schedules;
using EcommerceLake.Orchestrator.Security;
using EcommerceLake.Orchestrator.StreamControl;
using EcommerceLake.Streams;
using EcommerceLake.Streams.Offsets;
using MassTransit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Dashboard;

/// <summary>
/// The dashboard's buttons (form posts, operator role, antiforgery token checked): start a run (trigger
/// <see cref="Trigger"/>, requested by the signed-in principal), reset an offset with a reason (audited under the
/// principal, refused while the source runs), switch a stream or a schedule with a reason, cancel a run with a reason.
/// Each answers 303 to the page that shows the outcome, or re-renders the form with the error.
/// </summary>
internal static class DashboardActions
{
    /// <summary>The trigger of runs started from the dashboard (manual: refused while a source is busy).</summary>
    public const RunTrigger Trigger = RunTrigger.Dashboard;

    public static async Task<IResult> StartRun(HttpContext http, StreamCatalog catalog, IPublishEndpoint publish,
        IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Expired();
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var named = form["sources"].Where(s => catalog.Sources.Contains(s, StringComparer.Ordinal)
            || catalog.All.Any(spec => spec.Key == s));
        var selection = RunSelection.Resolve(catalog, named, out _)!;
        var runId = NewId.NextGuid();
        await publish.Publish(new RequestRun
        {
            RunId = runId,
            Sources = selection.Sources,
            Streams = selection.Streams,
            Trigger = Trigger,
            RequestedBy = OperatorPrincipal.NameOf(http.User),
            ForceFull = form["full"] == "true",
        }, cancellationToken);
        return Results.Redirect($"/dashboard/runs/{runId}", preserveMethod: false);
    }

    public static async Task<IResult> ResetOffset(string source, string stream, HttpContext http,
        StreamCatalog catalog, OffsetResets resets, RunQueries queries, FreshnessQueries freshness,
        StreamControls controls, CheckResultStore checks, SourceSchemaStore schemas, IOptions<DashboardOptions> options,
        TimeProvider time, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Expired();
        if (!catalog.All.Any(s => s.Source == source && s.Stream == stream))
            return Results.NotFound($"Unknown stream '{source}.{stream}'.");
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var reason = form["reason"].ToString().Trim();
        var offset = form["offset"].ToString().Trim();
        string? error = null;
        if (reason.Length == 0) error = "Say why the offset is reset: the reason is recorded in the audit trail.";
        else if (offset.Length > 0 && OffsetFormats.Problem(source, offset) is { } problem)
            error = problem + " Leave it empty to read from scratch.";
        if (error is null)
        {
            var outcome = await resets.ResetAsync(source, stream, offset.Length == 0 ? null : offset,
                OperatorPrincipal.NameOf(http.User), reason, cancellationToken);
            if (outcome.Done) return Results.Redirect($"/dashboard/streams/{source}/{stream}?reset=1");
            error = $"Source '{source}' has an active run {outcome.ActiveRunId}; reset the offset once it has ended.";
        }
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await StreamsPage.RenderStreamAsync(source, stream, http, queries, catalog, freshness, controls,
            checks, schemas, options.Value, time, error, offset, reason, cancellationToken);
    }

    /// <summary>Pauses or resumes a stream, or makes its next run read it whole (form field <c>action</c>:
    /// <see cref="StreamControlAction"/>), with the form's reason, audited under the principal; 303 to the stream's
    /// page.</summary>
    public static async Task<IResult> SwitchStream(string source, string stream, HttpContext http,
        StreamCatalog catalog, StreamControls controls, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Expired();
        if (!catalog.All.Any(s => s.Source == source && s.Stream == stream))
            return Results.NotFound($"Unknown stream '{source}.{stream}'.");
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var reason = form["reason"].ToString().Trim();
        if (reason.Length == 0) return Results.BadRequest("Say why: the reason is recorded in the audit trail.");
        if (!WireName.TryParse<StreamControlAction>(form["action"].ToString(), out var action))
            return Results.BadRequest("The action is Pause, Resume or ForceFull.");
        await controls.ApplyAsync(source, stream, action, OperatorPrincipal.NameOf(http.User), reason,
            cancellationToken);
        return Results.Redirect($"/dashboard/streams/{source}/{stream}");
    }

    /// <summary>Pauses or resumes a schedule with the form's reason, audited under the principal; 303 to the
    /// overview.</summary>
    public static async Task<IResult> SwitchSchedule(string source, string action, HttpContext http,
        ScheduleStore schedules, IOptions<OrchestratorOptions> options, StreamCatalog catalog, TimeProvider time,
        IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Expired();
        if (Enum.GetValues<ScheduleAction>().Where(a => a.ToString().Equals(action, StringComparison.OrdinalIgnoreCase))
            .Cast<ScheduleAction?>().FirstOrDefault() is not { } verb)
            return Results.NotFound($"No action '{action}': pause or resume.");
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var reason = form["reason"].ToString().Trim();
        if (reason.Length == 0) return Results.BadRequest("Say why: the reason is recorded in the audit trail.");
        return await schedules.SwitchAsync(source, verb, OperatorPrincipal.NameOf(http.User), reason,
                RunScheduler.Read(options.Value, catalog), time.GetUtcNow(), cancellationToken) is null
            ? Results.NotFound($"No schedule of '{source}' is configured.")
            : Results.Redirect("/dashboard#schedules");
    }

    public static async Task<IResult> CancelRun(Guid runId, HttpContext http, RunQueries queries,
        IPublishEndpoint publish, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Expired();
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var reason = form["reason"].ToString().Trim();
        if (reason.Length == 0) return Results.BadRequest("Say why the run is cancelled.");
        var run = await queries.GetRunAsync(runId, cancellationToken);
        if (run is null) return Results.NotFound($"No run {runId} was admitted.");
        if (run.Run.CompletedAt is null)
            await publish.Publish(new CancelRun
            {
                RunId = runId,
                RequestedBy = OperatorPrincipal.NameOf(http.User),
                Reason = reason,
            }, cancellationToken);
        return Results.Redirect($"/dashboard/runs/{runId}");
    }

    private static IResult Expired() =>
        Results.BadRequest("The form's antiforgery token is missing or expired: reload the page and try again.");
}
