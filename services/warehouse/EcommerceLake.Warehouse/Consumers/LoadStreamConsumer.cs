using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting.Steps;
using EcommerceLake.Warehouse.Checks;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Warehouse.Consumers;

/// <summary>
/// Handles <see cref="LoadStream"/>: appends the raw batch to the raw layer and merges it into trusted with the
/// <see cref="IWarehouseEngine"/>, then publishes <see cref="StreamLoaded"/> with the outcome of the stream's
/// data-quality checks (a failed <c>error</c> check fails the load: <see cref="DataCheckFailedException"/>,
/// <see cref="FailureKind.SourceData"/>). Failures follow
/// <see cref="StepConsumer{TCommand, TSucceeded, TFailed}"/>: a transient one (a dropped or refused warehouse
/// connection, a deadlock, a BigQuery backend error) is retried by the bus, any other is published as
/// <see cref="StreamLoadFailed"/> with its <see cref="FailureKind"/>. Either way trusted is unchanged by the failed
/// attempt (the load is one transaction), and a redelivered or retried command loads again and changes nothing.
/// </summary>
public sealed class LoadStreamConsumer(
    IWarehouseEngine engine, FailureClassification classification, ILogger<LoadStreamConsumer> logger)
    : StepConsumer<LoadStream, StreamLoaded, StreamLoadFailed>(Activity, classification, logger)
{
    /// <summary>The warehouse service's ActivitySource.</summary>
    public static readonly ActivitySource Activity = WarehouseTelemetry.ActivitySource;

    /// <inheritdoc />
    protected override string SpanName(LoadStream command) => $"load {command.Source}.{command.Stream}";

    /// <inheritdoc />
    /// <remarks>A load that failed an <c>error</c> check reports every check's outcome
    /// (<see cref="StreamLoadFailed.Checks"/>).</remarks>
    protected override StreamLoadFailed Failed(LoadStream command, string error, FailureKind kind, Exception cause) =>
        new()
        {
            RunId = command.RunId,
            Source = command.Source,
            Stream = command.Stream,
            Error = error,
            Kind = kind,
            Checks = cause is DataCheckFailedException checks ? checks.Outcomes : [],
        };

    /// <inheritdoc />
    protected override async Task<StreamLoaded> ExecuteAsync(StepContext<LoadStream> step)
    {
        var command = step.Message;
        Logger.LogInformation("Loading {Source}.{Stream} from {Batch}{Snapshot}", command.Source, command.Stream,
            command.RawBatchUri, command.IsFullSnapshot ? " (full snapshot)" : "");
        var result = await engine.LoadAsync(
            new LoadRequest(command.RunId, command.Source, command.Stream, command.RawBatchUri, command.IsFullSnapshot),
            step.CancellationToken);

        step.SetRows(result.RawRowCount);
        Logger.LogInformation(
            "Loaded {Rows} raw rows of {Source}.{Stream}: {Inserted} inserted, {Updated} updated, {Deleted} deleted, "
            + "{Trusted} rows in trusted",
            result.RawRowCount, command.Source, command.Stream, result.Inserted, result.Updated, result.Deleted,
            result.TrustedRowCount);
        return new StreamLoaded
        {
            RunId = command.RunId,
            Source = command.Source,
            Stream = command.Stream,
            RawRowCount = result.RawRowCount,
            TrustedRowCount = result.TrustedRowCount,
            Inserted = result.Inserted,
            Updated = result.Updated,
            Deleted = result.Deleted,
            DurationSeconds = step.ElapsedSeconds,
            Checks = result.Checks,
        };
    }
}
