using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Warehouse.Consumers;

/// <summary>
/// Handles <see cref="LoadStream"/>: appends the raw batch to the raw layer and merges it into trusted with the
/// <see cref="IWarehouseEngine"/>, then publishes <see cref="StreamLoaded"/>, or <see cref="StreamLoadFailed"/> with the
/// error (trusted is then unchanged: the load is one transaction). A redelivered command loads again and changes nothing.
/// </summary>
public sealed class LoadStreamConsumer(IWarehouseEngine engine, ILogger<LoadStreamConsumer> logger) : IConsumer<LoadStream>
{
    /// <summary>The warehouse service's ActivitySource.</summary>
    public static readonly ActivitySource Activity = WarehouseTelemetry.ActivitySource;

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<LoadStream> context)
    {
        var command = context.Message;
        using var span = Activity.StartStep("load " + command.Source + "." + command.Stream, command.RunId, command.Source, command.Stream);
        var started = Stopwatch.StartNew();
        try
        {
            logger.LogInformation("Loading {Source}.{Stream} from {Batch}{Snapshot}", command.Source, command.Stream, command.RawBatchUri,
                command.IsFullSnapshot ? " (full snapshot)" : "");
            var result = await engine.LoadAsync(command, context.CancellationToken);

            span?.SetTag(LakeTelemetry.RowsTag, result.RawRowCount);
            logger.LogInformation(
                "Loaded {Rows} raw rows of {Source}.{Stream}: {Inserted} inserted, {Updated} updated, {Deleted} deleted, {Trusted} rows in trusted",
                result.RawRowCount, command.Source, command.Stream, result.Inserted, result.Updated, result.Deleted, result.TrustedRowCount);
            await context.Publish(new StreamLoaded(command.RunId, command.Source, command.Stream, result.RawRowCount, result.TrustedRowCount,
                result.Inserted, result.Updated, result.Deleted, started.Elapsed.TotalSeconds));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            logger.LogError(ex, "Loading {Source}.{Stream} failed", command.Source, command.Stream);
            await context.Publish(new StreamLoadFailed(command.RunId, command.Source, command.Stream, $"{ex.GetType().Name}: {ex.Message}"));
        }
    }
}
