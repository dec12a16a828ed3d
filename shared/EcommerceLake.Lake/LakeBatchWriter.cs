using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EcommerceLake.Lake;

/// <summary>
/// Writes one batch: records go to gzip part files of at most <c>partRows</c> rows, quarantined records to
/// <c>_quarantine.ndjson</c>, and the <c>_manifest.json</c> last, which is what makes the batch visible.
/// Leftovers of an earlier unfinished attempt at the same batch are removed when the writer opens.
/// </summary>
public sealed class LakeBatchWriter
{
    private readonly ILakeStore _store;
    private readonly string _batch;
    private readonly IRecordFormat _format;
    private readonly int _partRows;
    private readonly List<string?[]> _pending = [];
    private readonly List<BatchPart> _parts = [];
    private readonly List<QuarantinedRecord> _quarantine = [];
    private long _rowCount;

    private LakeBatchWriter(ILakeStore store, string batch, IRecordFormat format, IReadOnlyList<string> columns, int partRows)
    {
        _store = store;
        _batch = batch;
        _format = format;
        Columns = columns;
        _partRows = partRows;
    }

    /// <summary>The batch's columns, in record order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows written so far.</summary>
    public long RowCount => _rowCount + _pending.Count;

    /// <summary>Records quarantined so far.</summary>
    public int QuarantinedCount => _quarantine.Count;

    /// <summary>Opens a writer for <paramref name="batch"/>.</summary>
    /// <exception cref="LakeObjectExistsException">The batch is already finished (its manifest exists).</exception>
    public static async Task<LakeBatchWriter> OpenAsync(
        ILakeStore store, string batch, IRecordFormat format, IReadOnlyList<string> columns, int partRows, CancellationToken cancellationToken)
    {
        if (await store.ExistsAsync(LakePaths.ManifestOf(batch), cancellationToken))
            throw new LakeObjectExistsException(LakePaths.ManifestOf(batch));
        await store.DeletePrefixAsync(batch, cancellationToken);
        return new LakeBatchWriter(store, batch, format, columns, partRows);
    }

    /// <summary>Adds one record; its values align with <see cref="Columns"/>.</summary>
    /// <exception cref="ArgumentException">The record has the wrong number of values.</exception>
    public async ValueTask WriteAsync(string?[] record, CancellationToken cancellationToken)
    {
        if (record.Length != Columns.Count)
            throw new ArgumentException($"Record has {record.Length} values; the batch has {Columns.Count} columns.", nameof(record));
        _pending.Add(record);
        if (_pending.Count >= _partRows) await FlushAsync(cancellationToken);
    }

    /// <summary>Sets a record aside with its position and reason; the batch goes on.</summary>
    public void Quarantine(QuarantinedRecord record) => _quarantine.Add(record);

    /// <summary>Flushes the last part, writes the quarantine file and then the manifest.</summary>
    /// <returns>The manifest as written.</returns>
    public async Task<BatchManifest> CompleteAsync(
        string zone, string source, string stream, Guid runId, string? offsetFrom, string? offsetTo, bool isFullSnapshot, CancellationToken cancellationToken)
    {
        if (_pending.Count > 0 || _parts.Count == 0) await FlushAsync(cancellationToken);
        if (_quarantine.Count > 0)
        {
            var text = new StringBuilder();
            foreach (var q in _quarantine) text.Append(JsonSerializer.Serialize(q, LakeJson.Options)).Append('\n');
            await _store.PutAsync($"{_batch}/{LakePaths.Quarantine}", new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), cancellationToken);
        }
        var manifest = new BatchManifest(zone, source, stream, runId, _rowCount, _parts, Columns, offsetFrom, offsetTo, isFullSnapshot,
            _quarantine.Count, DateTimeOffset.UtcNow);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, LakeJson.Options);
        await _store.PutAsync(LakePaths.ManifestOf(_batch), new MemoryStream(bytes), cancellationToken);
        return manifest;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var text = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16))
            _format.Write(text, Columns, _pending);
        buffer.Position = 0;
        var sha = Convert.ToHexStringLower(SHA256.HashData(buffer));
        buffer.Position = 0;
        var path = LakePaths.Part(_batch, _parts.Count, _format.Extension);
        await _store.PutAsync(path, buffer, cancellationToken);
        _parts.Add(new BatchPart(path, _pending.Count, sha, buffer.Length));
        _rowCount += _pending.Count;
        _pending.Clear();
    }
}
