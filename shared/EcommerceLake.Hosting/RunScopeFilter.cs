using System.Diagnostics;
using EcommerceLake.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Hosting;

/// <summary>
/// Consume filter: every message that implements <see cref="IRunMessage"/> is consumed inside a log scope carrying
/// <c>RunId</c> (and <c>Source</c>, <c>Stream</c> for stream messages), and the current span gets the same tags.
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
        var scope = new Dictionary<string, object> { ["RunId"] = run.RunId };
        Activity.Current?.SetTag(LakeTelemetry.RunIdTag, run.RunId.ToString());
        if (run is IStreamMessage stream)
        {
            scope["Source"] = stream.Source;
            scope["Stream"] = stream.Stream;
            Activity.Current?.SetTag(LakeTelemetry.SourceTag, stream.Source);
            Activity.Current?.SetTag(LakeTelemetry.StreamTag, stream.Stream);
        }
        using (logger.BeginScope(scope))
            await next.Send(context);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("runScope");
}
