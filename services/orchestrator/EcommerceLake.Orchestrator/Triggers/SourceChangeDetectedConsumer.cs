using EcommerceLake.Contracts;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Orchestrator.Triggers;

/// <summary>
/// Turns a <see cref="SourceChangeDetected"/> into a <see cref="RequestRun"/> of its source with trigger
/// <c>event:{Kind}</c>. Admission starts it at once when the source is idle; when the source is busy the request is
/// coalesced into one follow-up run (see <see cref="RunTriggers"/>). Events for unknown sources are logged and dropped.
/// </summary>
public sealed class SourceChangeDetectedConsumer(StreamCatalog catalog, ILogger<SourceChangeDetectedConsumer> logger)
    : IConsumer<SourceChangeDetected>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<SourceChangeDetected> context)
    {
        var change = context.Message;
        if (!catalog.Sources.Contains(change.Source, StringComparer.Ordinal))
        {
            logger.LogWarning("Ignoring {Kind} for unknown source '{Source}'", WireName.Of(change.Kind), change.Source);
            return;
        }
        var kind = WireName.Of(change.Kind);
        var request = RunTriggers.Automatic(change.Source, RunTriggers.Of(change.Kind), $"detector:{kind}");
        logger.LogInformation("{Source}: {Kind} ({Detail}); requesting run {RunId}",
            change.Source, kind, change.Detail, request.RunId);
        await context.Publish(request);
    }
}
