using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Processing.Consumers;

/// <summary>
/// Handles <see cref="ProcessStream"/>: types the land batch into a raw batch with the configured
/// <see cref="IProcessingEngine"/> and publishes <see cref="StreamProcessed"/>, or <see cref="StreamProcessingFailed"/>
/// with the error. Idempotent per (run, stream): a redelivered command whose raw batch is finished republishes its result.
/// </summary>
public sealed class ProcessStreamConsumer(IProcessingEngine engine, ILogger<ProcessStreamConsumer> logger) : IConsumer<ProcessStream>
{
    /// <summary>The processing service's ActivitySource.</summary>
    public static readonly ActivitySource Activity = ProcessingTelemetry.ActivitySource;

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ProcessStream> context)
    {
        var command = context.Message;
        using var span = Activity.StartStep("process " + command.Source + "." + command.Stream, command.RunId, command.Source, command.Stream);
        var started = Stopwatch.StartNew();
        try
        {
            logger.LogInformation("Processing {Source}.{Stream} from {Batch}", command.Source, command.Stream, command.LandBatchUri);
            var result = await engine.ProcessAsync(
                new ProcessingRequest(command.RunId, command.Source, command.Stream, command.LandBatchUri), context.CancellationToken);

            span?.SetTag(LakeTelemetry.RowsTag, result.RowCount);
            logger.LogInformation("Processed {Rows} rows of {Source}.{Stream} ({Rejected} rejected) to {Batch}",
                result.RowCount, command.Source, command.Stream, result.RejectedCount, result.RawBatchUri);
            await context.Publish(new StreamProcessed(command.RunId, command.Source, command.Stream, result.RawBatchUri,
                result.RowCount, result.RejectedCount, result.IsFullSnapshot, started.Elapsed.TotalSeconds));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            logger.LogError(ex, "Processing of {Source}.{Stream} failed", command.Source, command.Stream);
            await context.Publish(new StreamProcessingFailed(command.RunId, command.Source, command.Stream, $"{ex.GetType().Name}: {ex.Message}"));
        }
    }
}
