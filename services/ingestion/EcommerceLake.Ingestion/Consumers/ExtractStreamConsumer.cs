using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Consumers;

/// <summary>
/// Handles <see cref="ExtractStream"/>: runs the source's connector into a land batch and publishes
/// <see cref="StreamExtracted"/>, or <see cref="StreamExtractionFailed"/> with the error. Idempotent per
/// (run, source, stream): a redelivered command whose batch is already finished republishes the finished result.
/// </summary>
public sealed class ExtractStreamConsumer(
    IEnumerable<ISourceConnector> connectors,
    StreamCatalog catalog,
    ILakeStore lake,
    IOptions<LakeOptions> lakeOptions,
    ILogger<ExtractStreamConsumer> logger) : IConsumer<ExtractStream>
{
    /// <summary>The ingestion service's ActivitySource.</summary>
    public static readonly ActivitySource Activity = new(LakeTelemetry.Ingestion);

    private static readonly NdjsonRecordFormat Format = new();

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ExtractStream> context)
    {
        var command = context.Message;
        using var span = Activity.StartStep("extract " + command.Source + "." + command.Stream, command.RunId, command.Source, command.Stream);
        var started = Stopwatch.StartNew();
        var batch = LakePaths.LandBatch(command.Source, command.Stream, command.RunId);
        try
        {
            var spec = catalog.Get(command.Source, command.Stream);
            var connector = connectors.FirstOrDefault(c => c.Source == command.Source)
                ?? throw new InvalidOperationException($"No connector is registered for source '{command.Source}'.");

            var manifest = await LakeBatchReader.TryReadManifestAsync(lake, batch, context.CancellationToken);
            if (manifest is null)
            {
                logger.LogInformation("Extracting {Source}.{Stream} from offset {Offset}", command.Source, command.Stream, command.Offset ?? "(none)");
                var writer = await LakeBatchWriter.OpenAsync(lake, batch, Format, LandRecord.Columns(spec), lakeOptions.Value.PartRows, context.CancellationToken);
                var result = await connector.ExtractAsync(new ExtractionRequest(command.RunId, spec, command.Offset, command.ForceFull), writer, context.CancellationToken);
                manifest = await writer.CompleteAsync("land", command.Source, command.Stream, command.RunId, command.Offset, result.OffsetTo, result.IsFullSnapshot, context.CancellationToken);
            }
            else
            {
                logger.LogInformation("Land batch {Batch} is already finished; republishing its result", batch);
            }

            span?.SetTag(LakeTelemetry.RowsTag, manifest.RowCount);
            logger.LogInformation("Extracted {Rows} rows of {Source}.{Stream} ({Quarantined} quarantined) to {Batch}",
                manifest.RowCount, command.Source, command.Stream, manifest.QuarantinedCount, batch);
            await context.Publish(new StreamExtracted(command.RunId, command.Source, command.Stream, manifest.OffsetFrom, manifest.OffsetTo!,
                manifest.RowCount, manifest.QuarantinedCount, batch, manifest.IsFullSnapshot, started.Elapsed.TotalSeconds));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            logger.LogError(ex, "Extraction of {Source}.{Stream} failed", command.Source, command.Stream);
            await context.Publish(new StreamExtractionFailed(command.RunId, command.Source, command.Stream, $"{ex.GetType().Name}: {ex.Message}"));
        }
    }
}
