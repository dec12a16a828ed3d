using EcommerceLake.Hosting;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Processing;

/// <summary>
/// The first half of processing, the same for every engine: the stream's spec, its land manifest (checked to belong to
/// the stream), the raw batch folder <c>raw/{table}/ingest_date=YYYY-MM-DD/{run}</c> — the date being the UTC date of
/// the land manifest's <c>CreatedAt</c>, so a redelivered command finds the same batch — and that batch's manifest
/// when it is already finished.
/// </summary>
/// <param name="Spec">The stream's spec.</param>
/// <param name="Land">The land batch's manifest.</param>
/// <param name="RawBatch">Lake path of the raw batch folder.</param>
/// <param name="Finished">The raw batch's manifest when the batch is already finished, else null.</param>
public sealed record RawBatchPlan(StreamSpec Spec, BatchManifest Land, string RawBatch, BatchManifest? Finished)
{
    /// <summary>Reads the land manifest of <paramref name="request"/> and works out its raw batch.</summary>
    /// <exception cref="KeyNotFoundException">The stream has no spec.</exception>
    /// <exception cref="InvalidOperationException">The land batch is unfinished or missing, or belongs to another
    /// stream.</exception>
    public static async Task<RawBatchPlan> PrepareAsync(ILakeStore lake, StreamCatalog catalog,
        ProcessingRequest request, CancellationToken cancellationToken)
    {
        var spec = catalog.Get(request.Source, request.Stream);
        BatchManifest land;
        using (var step = ProcessingTelemetry.ActivitySource.StartStep("read land manifest", request.RunId,
            request.Source, request.Stream))
        {
            land = await LakeBatchReader.ReadManifestAsync(lake, request.LandBatchUri, cancellationToken);
            step?.SetTag(LakeTelemetry.RowsTag, land.RowCount);
        }
        if (land.Source != request.Source || land.Stream != request.Stream)
            throw new InvalidOperationException(
                $"Land batch '{request.LandBatchUri}' holds {land.Source}.{land.Stream}, " +
                $"not {request.Source}.{request.Stream}.");
        var rawBatch = LakePaths.RawBatch(spec.Table, DateOnly.FromDateTime(land.CreatedAt.UtcDateTime), request.RunId);
        return new RawBatchPlan(spec, land, rawBatch,
            await LakeBatchReader.TryReadManifestAsync(lake, rawBatch, cancellationToken));
    }

    /// <summary>
    /// Counts a raw batch the engine just wrote in the processing metrics (rows, rejected) and warns, naming the
    /// quarantine file, when records failed typing.
    /// </summary>
    public void Record(BatchManifest manifest, ILakeStore lake, ILogger logger)
    {
        var tags = new KeyValuePair<string, object?>(LakeTelemetry.StreamTag, Spec.Key);
        ProcessingTelemetry.Rows.Add(manifest.RowCount, tags);
        ProcessingTelemetry.Rejected.Add(manifest.QuarantinedCount, tags);
        if (manifest.QuarantinedCount > 0)
            logger.LogWarning(
                "{Rejected} record(s) of {Source}.{Stream} failed typing and were quarantined in {Quarantine}",
                manifest.QuarantinedCount, Spec.Source, Spec.Stream,
                lake.Describe(LakeBatchReader.QuarantinePathOf(RawBatch, manifest)));
    }

    /// <summary>The engine's answer for the raw batch described by <paramref name="manifest"/>.</summary>
    public ProcessingResult Result(BatchManifest manifest, bool alreadyFinished) =>
        new(RawBatch, manifest.RowCount, manifest.QuarantinedCount, manifest.IsFullSnapshot, alreadyFinished);
}
