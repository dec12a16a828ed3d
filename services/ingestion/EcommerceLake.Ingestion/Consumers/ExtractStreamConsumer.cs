using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using EcommerceLake.Hosting.Steps;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Consumers;

/// <summary>
/// Handles <see cref="ExtractStream"/>: runs the source's connector into a land batch and publishes
/// <see cref="StreamExtracted"/>. Failures follow <see cref="StepConsumer{TCommand, TSucceeded, TFailed}"/>: a
/// transient one (a dropped connection, HTTP 429/5xx, a time-out) is retried by the bus, any other is published as
/// <see cref="StreamExtractionFailed"/> with its <see cref="FailureKind"/> (an unknown source or stream, or a source
/// without a connector, is <see cref="FailureKind.Configuration"/>). Idempotent per (run, source, stream): a
/// redelivered command whose batch is already finished republishes the finished result (without a
/// <see cref="StreamExtracted.SchemaDrift"/>: the source was not read again), and a retry of an unfinished batch starts
/// it again (the writer removes the leftovers). The connector's schema drift is logged as a warning and published.
/// </summary>
public sealed class ExtractStreamConsumer(
    IEnumerable<ISourceConnector> connectors,
    StreamCatalog catalog,
    ILakeStore lake,
    IOptions<LakeOptions> lakeOptions,
    FailureClassification classification,
    ILogger<ExtractStreamConsumer> logger)
    : StepConsumer<ExtractStream, StreamExtracted, StreamExtractionFailed>(Activity, classification, logger)
{
    /// <summary>The ingestion service's ActivitySource.</summary>
    public static readonly ActivitySource Activity = new(LakeTelemetry.Ingestion);

    private static readonly NdjsonRecordFormat Format = new();

    /// <inheritdoc />
    protected override string SpanName(ExtractStream command) => $"extract {command.Source}.{command.Stream}";

    /// <inheritdoc />
    protected override StreamExtractionFailed Failed(ExtractStream command, string error, FailureKind kind,
        Exception cause) =>
        new() { RunId = command.RunId, Source = command.Source, Stream = command.Stream, Error = error, Kind = kind };

    /// <inheritdoc />
    protected override async Task<StreamExtracted> ExecuteAsync(StepContext<ExtractStream> step)
    {
        var command = step.Message;
        var cancellationToken = step.CancellationToken;
        var batch = LakePaths.LandBatch(command.Source, command.Stream, command.RunId);
        StreamSpec spec;
        try
        {
            spec = catalog.Get(command.Source, command.Stream);
        }
        catch (KeyNotFoundException ex)
        {
            throw new LakeConfigurationException(ex.Message, ex);
        }
        var connector = connectors.FirstOrDefault(c => c.Source == command.Source)
            ?? throw new LakeConfigurationException($"No connector is registered for source '{command.Source}'.");

        var manifest = await LakeBatchReader.TryReadManifestAsync(lake, batch, cancellationToken);
        SchemaDrift? drift = null;
        if (manifest is null)
        {
            Logger.LogInformation("Extracting {Source}.{Stream} from offset {Offset}",
                command.Source, command.Stream, command.Offset ?? "(none)");
            var writer = await LakeBatchWriter.OpenAsync(
                lake, batch, Format, LandRecord.Columns(spec), lakeOptions.Value.PartRows, cancellationToken);
            var request = new ExtractionRequest(command.RunId, spec, command.Offset, command.ForceFull);
            var result = await connector.ExtractAsync(request, writer, cancellationToken);
            manifest = await writer.CompleteAsync("land", command.Source, command.Stream, command.RunId,
                command.Offset, result.OffsetTo, result.IsFullSnapshot, cancellationToken);
            drift = result.SchemaDrift;
            if (drift is { IsEmpty: false })
                Logger.LogWarning("Schema drift in {Source}.{Stream}: the source {Drift}", command.Source,
                    command.Stream, drift.Describe());
        }
        else
        {
            Logger.LogInformation("Land batch {Batch} is already finished; republishing its result", batch);
        }

        step.SetRows(manifest.RowCount);
        Logger.LogInformation("Extracted {Rows} rows of {Source}.{Stream} ({Quarantined} quarantined) to {Batch}",
            manifest.RowCount, command.Source, command.Stream, manifest.QuarantinedCount, batch);
        return new StreamExtracted
        {
            RunId = command.RunId,
            Source = command.Source,
            Stream = command.Stream,
            OffsetFrom = manifest.OffsetFrom,
            OffsetTo = manifest.OffsetTo!,
            RowCount = manifest.RowCount,
            QuarantinedCount = manifest.QuarantinedCount,
            LandBatchUri = batch,
            IsFullSnapshot = manifest.IsFullSnapshot,
            DurationSeconds = step.ElapsedSeconds,
            SchemaDrift = drift,
        };
    }
}
