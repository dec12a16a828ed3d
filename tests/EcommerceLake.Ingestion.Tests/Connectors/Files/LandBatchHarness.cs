using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Lake;
using EcommerceLake.Streams;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

/// <summary>A land batch written by a connector and read back from the lake.</summary>
/// <param name="Result">What the connector returned.</param>
/// <param name="Manifest">The batch's manifest.</param>
/// <param name="Rows">Every landed record, by column name (meta columns included).</param>
/// <param name="Quarantine">The quarantined records.</param>
public sealed record LandedBatch(
    ExtractionResult Result,
    BatchManifest Manifest,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows,
    IReadOnlyList<QuarantinedRecord> Quarantine);

/// <summary>
/// Runs a connector into a real land batch on a local lake, as the extract consumer does, and reads the batch back.
/// </summary>
public static class LandBatchHarness
{
    /// <summary>
    /// Extracts <paramref name="spec"/> from <paramref name="offset"/> into a new batch under
    /// <paramref name="lakeRoot"/>.
    /// </summary>
    public static async Task<LandedBatch> ExtractAsync(
        ISourceConnector connector, StreamSpec spec, string? offset, string lakeRoot, bool forceFull = false,
        int partRows = 1_000)
    {
        var store = new LocalLakeStore(lakeRoot);
        var runId = Guid.NewGuid();
        var batch = LakePaths.LandBatch(spec.Source, spec.Stream, runId);
        var format = new NdjsonRecordFormat();
        var writer = await LakeBatchWriter.OpenAsync(
            store, batch, format, LandRecord.Columns(spec), partRows, CancellationToken.None);
        var result = await connector.ExtractAsync(
            new ExtractionRequest(runId, spec, offset, forceFull), writer, CancellationToken.None);
        var manifest = await writer.CompleteAsync("land", spec.Source, spec.Stream, runId, offset, result.OffsetTo,
            result.IsFullSnapshot, CancellationToken.None);

        var rows = new List<IReadOnlyDictionary<string, string?>>();
        await foreach (var record in LakeBatchReader.ReadRecordsAsync(store, manifest, format, CancellationToken.None))
            rows.Add(manifest.Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => record[x.i]));

        var quarantine = await LakeBatchReader.ReadQuarantineAsync(store, batch, manifest, CancellationToken.None);
        return new LandedBatch(result, manifest, rows, quarantine);
    }
}
