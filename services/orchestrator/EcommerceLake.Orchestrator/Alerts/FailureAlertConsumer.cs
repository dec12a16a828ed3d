using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Lineage;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Streams;
using MassTransit;

namespace EcommerceLake.Orchestrator.Alerts;

/// <summary>
/// Raises an <c>error</c> alert for every failed run (<see cref="RunFailed"/>, kind <c>run-failed</c>) and every failed
/// step (<c>*Failed</c> events of extract, process, load and the marts build, kind <c>step-failed</c>), once each. A
/// failed stream's message names the marts tables it holds back (<see cref="LineageImpact"/>).
/// </summary>
public sealed class FailureAlertConsumer(AlertRaiser alerts, StreamCatalog catalog, TimeProvider time) :
    IConsumer<RunFailed>, IConsumer<StreamExtractionFailed>, IConsumer<StreamProcessingFailed>,
    IConsumer<StreamLoadFailed>, IConsumer<MartsBuildFailed>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<RunFailed> context)
    {
        var m = context.Message;
        return alerts.RaiseAsync($"{WireName.Of(AlertKind.RunFailed)}:{m.RunId}",
            new AlertRaised
            {
                Kind = AlertKind.RunFailed,
                Severity = AlertSeverity.Error,
                RunId = m.RunId,
                Source = m.Sources.Count == 1 ? m.Sources[0] : null,
                Message = $"Run {m.RunId} of {string.Join(", ", m.Sources)} failed: {m.Reason}",
                RaisedAt = time.GetUtcNow(),
            },
            context, context.CancellationToken);
    }

    /// <inheritdoc />
    public Task Consume(ConsumeContext<StreamExtractionFailed> context) =>
        StepAsync(context, context.Message, StreamStep.Extract.Name(), context.Message.Error);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<StreamProcessingFailed> context) =>
        StepAsync(context, context.Message, StreamStep.Process.Name(), context.Message.Error);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<StreamLoadFailed> context) =>
        StepAsync(context, context.Message, StreamStep.Load.Name(), context.Message.Error);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<MartsBuildFailed> context)
    {
        var m = context.Message;
        return alerts.RaiseAsync($"{WireName.Of(AlertKind.StepFailed)}:{m.RunId}:marts",
            new AlertRaised
            {
                Kind = AlertKind.StepFailed,
                Severity = AlertSeverity.Error,
                RunId = m.RunId,
                Message = $"Run {m.RunId}: building the marts failed: {m.Error}",
                RaisedAt = time.GetUtcNow(),
            },
            context, context.CancellationToken);
    }

    private Task StepAsync(ConsumeContext context, IStreamMessage m, string step, string error) =>
        alerts.RaiseAsync($"{WireName.Of(AlertKind.StepFailed)}:{m.RunId}:{m.Source}.{m.Stream}:{step}",
            new AlertRaised
            {
                Kind = AlertKind.StepFailed,
                Severity = AlertSeverity.Error,
                RunId = m.RunId,
                Source = m.Source,
                Stream = m.Stream,
                Message = $"Run {m.RunId}: {m.Source}.{m.Stream} failed to {step}: {error}"
                    + LineageImpact.HoldsBack(catalog, m.Source, m.Stream),
                RaisedAt = time.GetUtcNow(),
            },
            context, context.CancellationToken);
}
