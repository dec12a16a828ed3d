using System.Diagnostics;
using EcommerceLake.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Hosting;

/// <summary>
/// Consume filter: every message that implements <see cref="IRunMessage"/> is consumed inside a log scope carrying
/// <c>RunId</c> (and <c>Source</c>, <c>Stream</c> for stream messages), which the console prints as
/// <c>run {RunId} {Source}.{Stream}</c>, and the current span gets the same tags.
/// </summary>
public sealed class RunScopeFilter<T>(ILogger<RunScopeFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    /// <inheritdoc />
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (context.Message is not IRunMessage run)
        {
            await next.Send(context);
            return;
        }
        Activity.Current?.SetTag(LakeTelemetry.RunIdTag, run.RunId.ToString());
        // A message-template scope: the console shows "=> run {RunId} {Source}.{Stream}", and structured sinks get
        // RunId, Source and Stream as values (a dictionary would print as its type name on the console).
        IDisposable? scope;
        if (run is IStreamMessage stream)
        {
            Activity.Current?.SetTag(LakeTelemetry.SourceTag, stream.Source);
            Activity.Current?.SetTag(LakeTelemetry.StreamTag, stream.Stream);
            scope = logger.BeginScope("run {RunId} {Source}.{Stream}", run.RunId, stream.Source, stream.Stream);
        }
        else
            scope = logger.BeginScope("run {RunId}", run.RunId);
        using (scope)
            await next.Send(context);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("runScope");
}
