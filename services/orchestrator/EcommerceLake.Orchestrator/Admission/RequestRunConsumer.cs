using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Admission;

/// <summary>
/// Handles <see cref="RequestRun"/>: checks the source names and the streams it narrows them to
/// (<see cref="RunSelection.Problem"/>) against the stream catalog, leases the sources to the
/// run (<see cref="RunAdmission"/>) and publishes <see cref="RunAccepted"/>, which starts the run saga — or
/// <see cref="RunRefused"/> with the reason (unknown source, or the source and the active run that holds it), first
/// recorded in <see cref="RunRefusalStore"/> so that <c>GET /runs/{id}</c> shows the run as refused.
/// A repeated request for the same <c>RunId</c> gets the same answer and takes nothing twice. An automatic request
/// (schedule, source event, follow-up) for a busy source is refused too, but leaves one pending follow-up run of the
/// source that the active run requests when it ends (the reason says so). The answer is published within
/// <c>Bus:PublishTimeout</c>, else <see cref="TimeoutException"/> lets the bus retry the request.
/// </summary>
public sealed class RequestRunConsumer(
    RunAdmission admission, RunRefusalStore refusals, StreamCatalog catalog, IOptions<BusOptions> busOptions,
    TimeProvider time, ILogger<RequestRunConsumer> logger) : IConsumer<RequestRun>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RequestRun> context)
    {
        var request = context.Message;
        var sources = (request.Sources ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (RunSelection.Problem(catalog, sources, request.Streams) is { } problem)
        {
            await RefuseAsync(context, sources, problem, null);
            return;
        }

        var decision = await admission.AdmitAsync(
            request.RunId, sources, request.Trigger, request.RequestedBy, context.CancellationToken);
        if (decision.Deferred)
        {
            await RefuseAsync(context, sources,
                $"Source '{decision.BusySource}' already has an active run {decision.ActiveRunId}; "
                + $"this {WireName.Of(request.Trigger)} request is coalesced into one follow-up run that starts "
                + "when it ends.",
                decision.ActiveRunId, record: false);
            return;
        }
        if (!decision.Accepted)
        {
            await RefuseAsync(context, sources,
                $"Source '{decision.BusySource}' already has an active run {decision.ActiveRunId}; "
                + "try again when it has ended.", decision.ActiveRunId);
            return;
        }
        logger.LogInformation("Run {RunId} accepted for {Sources} (trigger {Trigger}, requested by {RequestedBy})",
            request.RunId, string.Join(", ", request.Streams ?? sources), WireName.Of(request.Trigger),
            request.RequestedBy);
        await context.PublishWithinAsync(new RunAccepted
        {
            RunId = request.RunId,
            Sources = sources,
            Streams = request.Streams,
            Trigger = request.Trigger,
            RequestedBy = request.RequestedBy,
            ForceFull = request.ForceFull,
            AcceptedAt = decision.AcceptedAt,
        }, busOptions.Value.PublishTimeout, context.CancellationToken);
    }

    /// <param name="record">False for a request coalesced into a follow-up run: nobody waits on its run id.</param>
    private async Task RefuseAsync(ConsumeContext<RequestRun> context, IReadOnlyList<string> sources, string reason,
        Guid? activeRunId, bool record = true)
    {
        logger.LogWarning("Run {RunId} refused: {Reason}", context.Message.RunId, reason);
        if (record)
            await refusals.RecordAsync(new RunRefusal
            {
                RunId = context.Message.RunId,
                Sources = [.. sources],
                SelectedStreams = context.Message.Streams?.ToList(),
                Trigger = context.Message.Trigger,
                RequestedBy = context.Message.RequestedBy,
                ForceFull = context.Message.ForceFull,
                Reason = reason,
                ActiveRunId = activeRunId,
                TraceId = Activity.Current?.TraceId.ToHexString(),
                RefusedAt = time.GetUtcNow(),
            }, context.CancellationToken);
        await context.PublishWithinAsync(new RunRefused
        {
            RunId = context.Message.RunId,
            Sources = sources,
            Reason = reason,
            ActiveRunId = activeRunId,
        }, busOptions.Value.PublishTimeout, context.CancellationToken);
    }
}
