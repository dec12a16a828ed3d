using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Lake;
using EcommerceLake.Streams;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

/// <summary>One extraction into a real land batch on a <see cref="LocalLakeStore"/>, read back.</summary>
/// <param name="Result">What the connector returned.</param>
/// <param name="Manifest">The finished batch's manifest.</param>
/// <param name="Records">The land records, each as column → value.</param>
public sealed record LandRun(
    ExtractionResult Result, BatchManifest Manifest, IReadOnlyList<IReadOnlyDictionary<string, string?>> Records)
{
    public static async Task<LandRun> ExtractAsync(
        ISourceConnector connector, ILakeStore lake, StreamSpec spec, string? offset, bool forceFull = false)
    {
        var runId = Guid.NewGuid();
        var format = new NdjsonRecordFormat();
        var columns = LandRecord.Columns(spec);
        var writer = await LakeBatchWriter.OpenAsync(
            lake, LakePaths.LandBatch(spec.Source, spec.Stream, runId), format, columns, 1000, CancellationToken.None);
        var result = await connector.ExtractAsync(
            new ExtractionRequest(runId, spec, offset, forceFull), writer, CancellationToken.None);
        var manifest = await writer.CompleteAsync("land", spec.Source, spec.Stream, runId, offset, result.OffsetTo,
            result.IsFullSnapshot, CancellationToken.None);
        var records = new List<IReadOnlyDictionary<string, string?>>();
        await foreach (var record in LakeBatchReader.ReadRecordsAsync(lake, manifest, format, CancellationToken.None))
            records.Add(columns.Select((c, i) => (c, record[i])).ToDictionary(p => p.c, p => p.Item2));
        return new LandRun(result, manifest, records);
    }

    /// <summary>The records keyed by <paramref name="keyColumn"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> ByKey(string keyColumn = "id") =>
        Records.ToDictionary(r => r[keyColumn]!, r => r);
}
