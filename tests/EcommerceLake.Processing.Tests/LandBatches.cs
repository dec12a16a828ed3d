using EcommerceLake.Lake;
using EcommerceLake.Streams;

namespace EcommerceLake.Processing.Tests;

/// <summary>Writes land batches and reads raw batches for the tests.</summary>
public static class LandBatches
{
    public static IReadOnlyList<string> Columns(StreamSpec spec) =>
        [StreamSpec.OperationColumn, StreamSpec.ChangeVersionColumn, .. spec.Columns.Select(c => c.Name)];

    /// <summary>Writes a finished land batch of <paramref name="records"/> (aligned with
    /// <see cref="Columns"/>).</summary>
    public static async Task<string> WriteAsync(
        ILakeStore lake, Guid runId, StreamSpec spec, IEnumerable<string?[]> records, int partRows = 1000,
        bool isFullSnapshot = false, IReadOnlyList<string>? columns = null)
    {
        var batch = LakePaths.LandBatch(spec.Source, spec.Stream, runId);
        var writer = await LakeBatchWriter.OpenAsync(lake, batch, new NdjsonRecordFormat(), columns ?? Columns(spec),
            partRows, CancellationToken.None);
        foreach (var record in records) await writer.WriteAsync(record, CancellationToken.None);
        await writer.CompleteAsync("land", spec.Source, spec.Stream, runId, null, "{\"v\":1}", isFullSnapshot,
            CancellationToken.None);
        return batch;
    }

    public static async Task<List<string?[]>> ReadRawAsync(ILakeStore lake, string batch)
    {
        var manifest = await LakeBatchReader.ReadManifestAsync(lake, batch, CancellationToken.None);
        var rows = new List<string?[]>();
        await foreach (var r in LakeBatchReader.ReadRecordsAsync(
            lake, manifest, new CsvRecordFormat(), CancellationToken.None)) rows.Add(r);
        return rows;
    }

    public static async Task<List<QuarantinedRecord>> ReadQuarantineAsync(ILakeStore lake, string batch)
    {
        var manifest = await LakeBatchReader.TryReadManifestAsync(lake, batch, CancellationToken.None);
        if (manifest is null) return [];
        return [.. await LakeBatchReader.ReadQuarantineAsync(lake, batch, manifest, CancellationToken.None)];
    }
}
