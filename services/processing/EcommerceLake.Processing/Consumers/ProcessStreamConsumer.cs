using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting.Steps;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Processing.Consumers;

/// <summary>
/// Handles <see cref="ProcessStream"/>: types the land batch into a raw batch with the configured
/// <see cref="IProcessingEngine"/> and publishes <see cref="StreamProcessed"/>. Failures follow
/// <see cref="StepConsumer{TCommand, TSucceeded, TFailed}"/>: transient ones (a Cloud Storage or Dataproc 5xx, a
/// dropped connection, a time-out) are retried by the bus, any other is published as
/// <see cref="StreamProcessingFailed"/> with its <see cref="FailureKind"/>. Idempotent per (run, stream): a
/// redelivered command whose raw batch is finished republishes its result.
/// </summary>
public sealed class ProcessStreamConsumer(
    IProcessingEngine engine, FailureClassification classification, ILogger<ProcessStreamConsumer> logger)
    : StepConsumer<ProcessStream, StreamProcessed, StreamProcessingFailed>(Activity, classification, logger)
{
    /// <summary>The processing service's ActivitySource.</summary>
    public static readonly ActivitySource Activity = ProcessingTelemetry.ActivitySource;

    /// <inheritdoc />
    protected override string SpanName(ProcessStream command) => $"process {command.Source}.{command.Stream}";

    /// <inheritdoc />
    protected override StreamProcessingFailed Failed(ProcessStream command, string error, FailureKind kind,
        Exception cause) =>
        new() { RunId = command.RunId, Source = command.Source, Stream = command.Stream, Error = error, Kind = kind };

    /// <inheritdoc />
    protected override async Task<StreamProcessed> ExecuteAsync(StepContext<ProcessStream> step)
    {
        var command = step.Message;
        Logger.LogInformation("Processing {Source}.{Stream} from {Batch}", command.Source, command.Stream,
            command.LandBatchUri);
        var result = await engine.ProcessAsync(
            new ProcessingRequest(command.RunId, command.Source, command.Stream, command.LandBatchUri),
            step.CancellationToken);

        step.SetRows(result.RowCount);
        Logger.LogInformation("Processed {Rows} rows of {Source}.{Stream} ({Rejected} rejected) to {Batch}",
            result.RowCount, command.Source, command.Stream, result.RejectedCount, result.RawBatchUri);
        return new StreamProcessed
        {
            RunId = command.RunId,
            Source = command.Source,
            Stream = command.Stream,
            RawBatchUri = result.RawBatchUri,
            RowCount = result.RowCount,
            RejectedCount = result.RejectedCount,
            IsFullSnapshot = result.IsFullSnapshot,
            DurationSeconds = step.ElapsedSeconds,
        };
    }
}
