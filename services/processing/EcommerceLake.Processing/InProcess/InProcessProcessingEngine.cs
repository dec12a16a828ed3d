using EcommerceLake.Hosting;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Processing.InProcess;

/// <summary>
/// The processing engine that runs in this process: reads the land batch (manifest, then its <c>.ndjson.gz</c> parts
/// with checksums), types every record with <see cref="RawRecordTyper"/>, and writes the raw batch as
/// <c>.csv.gz</c> parts (<see cref="CsvRecordFormat"/>, ready for PostgreSQL <c>COPY</c>) at
/// <c>raw/{table}/ingest_date=YYYY-MM-DD/{run}</c>, where the ingest date is the UTC date of the land manifest's
/// <c>CreatedAt</c>, so a redelivered command finds the same batch. Records that fail typing are quarantined in the raw
/// batch with their position (<c>part-00000 row 42</c>, rows counted from 1 inside each land part, preceded by the
/// record's source position when the land record carries one: <c>sellers.csv:line 43 (part-00000 row 42)</c>) and
/// reason.
/// </summary>
public sealed class InProcessProcessingEngine(
    ILakeStore lake,
    StreamCatalog catalog,
    IOptions<LakeOptions> lakeOptions,
    ILogger<InProcessProcessingEngine> logger) : IProcessingEngine
{
    private static readonly NdjsonRecordFormat LandFormat = new();
    private static readonly CsvRecordFormat RawFormat = new();

    /// <inheritdoc />
    public async Task<ProcessingResult> ProcessAsync(ProcessingRequest request, CancellationToken cancellationToken)
    {
        var plan = await RawBatchPlan.PrepareAsync(lake, catalog, request, cancellationToken);
        var (spec, land, rawBatch) = (plan.Spec, plan.Land, plan.RawBatch);
        if (plan.Finished is { } finished)
        {
            logger.LogInformation("Raw batch {Batch} is already finished", rawBatch);
            return plan.Result(finished, alreadyFinished: true);
        }

        try
        {
            var manifest = await WriteRawBatchAsync(lake, spec, land, rawBatch, request.RunId,
                lakeOptions.Value.PartRows, logger, cancellationToken);
            plan.Record(manifest, lake, logger);
            return plan.Result(manifest, alreadyFinished: false);
        }
        catch (LakeObjectExistsException)
        {
            // Another delivery of the same command may have finished the batch first; anything else is a real conflict.
            var manifest = await LakeBatchReader.TryReadManifestAsync(lake, rawBatch, cancellationToken);
            if (manifest is null) throw;
            return plan.Result(manifest, alreadyFinished: true);
        }
    }

    /// <summary>
    /// Types the finished land batch <paramref name="land"/> into the raw batch folder <paramref name="rawBatch"/>
    /// (parts, quarantine, manifest last). The one implementation of the land → raw typing in C#: this engine uses
    /// it, and so do the tests' fake Dataproc jobs, so their raw batches cannot differ.
    /// </summary>
    /// <param name="lake">The lake holding both batches.</param>
    /// <param name="spec">The stream's spec.</param>
    /// <param name="land">The land batch's manifest (its parts are read with their checksums).</param>
    /// <param name="rawBatch">Lake path of the raw batch folder to write.</param>
    /// <param name="runId">The run written into the raw manifest.</param>
    /// <param name="partRows">Rows per raw part file.</param>
    /// <param name="logger">Receives the warning when a full snapshot loses records to quarantine.</param>
    /// <param name="cancellationToken">Cancels the work; an unfinished batch has no manifest and is cleared by the next
    /// attempt.</param>
    /// <returns>The raw batch's manifest.</returns>
    /// <exception cref="InvalidDataException">The land batch lacks a column of the spec, or a part is
    /// corrupt.</exception>
    /// <exception cref="LakeObjectExistsException">The raw batch is already finished.</exception>
    public static async Task<BatchManifest> WriteRawBatchAsync(
        ILakeStore lake, StreamSpec spec, BatchManifest land, string rawBatch, Guid runId, int partRows, ILogger logger,
        CancellationToken cancellationToken)
    {
        var typer = new RawRecordTyper(spec, land.Columns);
        var writer = await LakeBatchWriter.OpenAsync(lake, rawBatch, RawFormat, typer.RawColumns, partRows,
            cancellationToken);

        using (var step = ProcessingTelemetry.ActivitySource.StartStep("type records", runId, spec.Source, spec.Stream))
        {
            foreach (var part in land.Parts)
            {
                var partName = PartName(part.Path);
                var row = 0L;
                await foreach (var record in LakeBatchReader.ReadRecordsAsync(lake, land with { Parts = [part] },
                    LandFormat, cancellationToken))
                {
                    row++;
                    if (typer.TryType(record, out var raw, out var reason))
                        await writer.WriteAsync(raw, cancellationToken);
                    else
                        writer.Quarantine(new QuarantinedRecord(typer.RejectPosition(partName, row, record), reason!,
                            typer.Describe(record)));
                }
            }
            step?.SetTag(LakeTelemetry.RowsTag, writer.RowCount);
            step?.SetTag("lake.rejected", writer.QuarantinedCount);
        }

        var isFullSnapshot = land.IsFullSnapshot && land.QuarantinedCount == 0 && writer.QuarantinedCount == 0;
        if (land.IsFullSnapshot && !isFullSnapshot)
            logger.LogWarning(
                "The full snapshot of {Source}.{Stream} lost {LandQuarantined} record(s) in land and {Rejected} in " +
                "typing; the raw batch is marked incremental so that no row is deleted downstream for a missing key",
                spec.Source, spec.Stream, land.QuarantinedCount, writer.QuarantinedCount);

        using (var step = ProcessingTelemetry.ActivitySource.StartStep("write raw batch", runId, spec.Source,
            spec.Stream))
        {
            var manifest = await writer.CompleteAsync("raw", spec.Source, spec.Stream, runId, land.OffsetFrom,
                land.OffsetTo, isFullSnapshot, cancellationToken);
            step?.SetTag(LakeTelemetry.RowsTag, manifest.RowCount);
            return manifest;
        }
    }

    private static string PartName(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name[..dot] : name;
    }
}
