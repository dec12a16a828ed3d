using System.Text;
using System.Text.Json;

namespace EcommerceLake.Lake;

/// <summary>
/// Writes one batch: records go to gzip part files of at most <c>partRows</c> rows (each streamed through a temporary
/// file while it is written, so memory does not grow with the part: <see cref="PartSpool"/>), quarantined records to
/// <c>_quarantine.ndjson</c>, both staged under this attempt's own folder <c>{batch}/_attempts/{attempt}/</c>, and the
/// <c>_manifest.json</c> last, which is what makes the batch visible.
/// <para>
/// Commit rule: the manifest is written with the store's atomic "create if absent"
/// (<see cref="ILakeStore.PutAsync"/>), so when two deliveries of one command write the same batch at once, exactly
/// one manifest is written and the batch names only that attempt's parts. The other attempt gets
/// <see cref="LakeObjectExistsException"/> on the manifest, which means "someone else finished": it reads the winner's
/// manifest, deletes its own staged files and returns the winner's manifest, so both deliveries report the same
/// batch (<see cref="CommitAsync"/>, <see cref="CompleteAsync"/>, <see cref="WriteOnceAsync"/>). No writer ever deletes
/// another attempt's files before the batch is committed; once it is, the winner removes the other attempts' folders
/// (leftovers of crashed or losing attempts; nothing can commit them any more).
/// </para>
/// </summary>
public sealed class LakeBatchWriter
{
    private readonly ILakeStore _store;
    private readonly string _batch;
    private readonly string _attempt;
    private readonly IRecordFormat _format;
    private readonly int _partRows;
    private PartSpool? _part;
    private readonly List<BatchPart> _parts = [];
    private readonly List<QuarantinedRecord> _quarantine = [];
    private long _rowCount;
    private bool _lost;

    private LakeBatchWriter(ILakeStore store, string batch, IRecordFormat format, IReadOnlyList<string> columns,
        int partRows)
    {
        _store = store;
        _batch = batch;
        _attempt = LakePaths.Attempt(batch, Guid.NewGuid().ToString("N"));
        _format = format;
        Columns = columns;
        _partRows = partRows;
    }

    /// <summary>The batch's columns, in record order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows written so far.</summary>
    public long RowCount => _rowCount + (_part?.Rows ?? 0);

    /// <summary>Records quarantined so far.</summary>
    public int QuarantinedCount => _quarantine.Count;

    /// <summary>This attempt's staging folder, <c>{batch}/_attempts/{32 hex digits}</c>.</summary>
    public string AttemptFolder => _attempt;

    /// <summary>
    /// Opens a writer for <paramref name="batch"/> with a new attempt folder. Nothing is deleted: a concurrent or
    /// crashed attempt keeps its own folder.
    /// </summary>
    /// <exception cref="LakeObjectExistsException">The batch is already finished (its manifest exists).</exception>
    public static async Task<LakeBatchWriter> OpenAsync(
        ILakeStore store, string batch, IRecordFormat format, IReadOnlyList<string> columns, int partRows,
        CancellationToken cancellationToken)
    {
        if (await store.ExistsAsync(LakePaths.ManifestOf(batch), cancellationToken))
            throw new LakeObjectExistsException(LakePaths.ManifestOf(batch));
        return new LakeBatchWriter(store, batch, format, columns, partRows);
    }

    /// <summary>
    /// Writes <paramref name="batch"/> once, whoever wins: returns its manifest at once when the batch is already
    /// finished (<see cref="BatchCommitOutcome.AlreadyFinished"/>), else opens a writer, lets <paramref name="write"/>
    /// fill and commit it (it must end with <see cref="CommitAsync"/>) and returns that commit, which is this
    /// attempt's manifest or a concurrent attempt's.
    /// </summary>
    /// <returns>The finished batch's manifest and who wrote it.</returns>
    /// <exception cref="InvalidDataException">The batch's manifest exists but cannot be read.</exception>
    public static async Task<BatchCommit> WriteOnceAsync(
        ILakeStore store, string batch, IRecordFormat format, IReadOnlyList<string> columns, int partRows,
        Func<LakeBatchWriter, CancellationToken, Task<BatchCommit>> write, CancellationToken cancellationToken)
    {
        if (await LakeBatchReader.TryReadManifestAsync(store, batch, cancellationToken) is { } finished)
            return new BatchCommit(finished, BatchCommitOutcome.AlreadyFinished);
        LakeBatchWriter writer;
        try
        {
            writer = await OpenAsync(store, batch, format, columns, partRows, cancellationToken);
        }
        catch (LakeObjectExistsException)
        {
            return new BatchCommit(await ReadWinnerAsync(store, batch, cancellationToken),
                BatchCommitOutcome.AlreadyFinished);
        }
        return await write(writer, cancellationToken);
    }

    /// <summary>Adds one record; its values align with <see cref="Columns"/>.</summary>
    /// <exception cref="ArgumentException">The record has the wrong number of values.</exception>
    public async ValueTask WriteAsync(string?[] record, CancellationToken cancellationToken)
    {
        if (record.Length != Columns.Count)
            throw new ArgumentException($"Record has {record.Length} values; the batch has {Columns.Count} columns.",
                nameof(record));
        if (_lost) return;
        _part ??= PartSpool.Open(_format, Columns);
        _part.Write(record);
        if (_part.Rows >= _partRows) await FlushAsync(cancellationToken);
    }

    /// <summary>Sets a record aside with its position and reason; the batch goes on.</summary>
    public void Quarantine(QuarantinedRecord record) => _quarantine.Add(record);

    /// <summary>
    /// Flushes the last part, writes the quarantine file and then the manifest (the commit point).
    /// </summary>
    /// <returns>
    /// The batch's manifest: this attempt's as written, or, when a concurrent attempt committed the batch first, the
    /// winner's (see <see cref="CommitAsync"/> to know which).
    /// </returns>
    /// <exception cref="InvalidDataException">A concurrent attempt's manifest cannot be read.</exception>
    public async Task<BatchManifest> CompleteAsync(
        string zone, string source, string stream, Guid runId, string? offsetFrom, string? offsetTo,
        bool isFullSnapshot, CancellationToken cancellationToken) =>
        (await CommitAsync(zone, source, stream, runId, offsetFrom, offsetTo, isFullSnapshot, cancellationToken))
            .Manifest;

    /// <summary>
    /// Flushes the last part, writes the quarantine file, then creates the manifest if absent. When this attempt's
    /// manifest is written, the other attempts' staging folders are deleted; when a concurrent attempt's manifest is
    /// already there, this attempt's staging folder is deleted and the winner's manifest is returned.
    /// </summary>
    /// <param name="zone"><c>land</c> or <c>raw</c>.</param>
    /// <param name="source">Source name.</param>
    /// <param name="stream">Stream name.</param>
    /// <param name="runId">Run writing the batch.</param>
    /// <param name="offsetFrom">Offset the read started from.</param>
    /// <param name="offsetTo">Offset reached.</param>
    /// <param name="isFullSnapshot">True when the batch holds the whole source.</param>
    /// <returns>The finished batch's manifest and whether this attempt wrote it.</returns>
    /// <exception cref="InvalidDataException">A concurrent attempt's manifest cannot be read.</exception>
    public async Task<BatchCommit> CommitAsync(
        string zone, string source, string stream, Guid runId, string? offsetFrom, string? offsetTo,
        bool isFullSnapshot, CancellationToken cancellationToken)
    {
        if (!_lost && (_part is not null || _parts.Count == 0)) await FlushAsync(cancellationToken);
        if (_lost)
        {
            await DeleteOwnAttemptAsync(cancellationToken);
            return new BatchCommit(await ReadWinnerAsync(_store, _batch, cancellationToken),
                BatchCommitOutcome.CommittedByConcurrentAttempt);
        }
        string? quarantinePath = null;
        if (_quarantine.Count > 0)
        {
            var text = new StringBuilder();
            foreach (var q in _quarantine) text.Append(JsonSerializer.Serialize(q, LakeJson.Options)).Append('\n');
            quarantinePath = $"{_attempt}/{LakePaths.Quarantine}";
            try
            {
                await _store.PutAsync(quarantinePath, new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())),
                    cancellationToken);
            }
            catch (IOException)
            {
                if (!await _store.ExistsAsync(LakePaths.ManifestOf(_batch), cancellationToken)) throw;
                // A concurrent attempt committed the batch and cleared this attempt's folder mid-write.
                await DeleteOwnAttemptAsync(cancellationToken);
                return new BatchCommit(await ReadWinnerAsync(_store, _batch, cancellationToken),
                    BatchCommitOutcome.CommittedByConcurrentAttempt);
            }
        }
        var manifest = new BatchManifest(zone, source, stream, runId, _rowCount, _parts, Columns, offsetFrom, offsetTo,
            isFullSnapshot,
            _quarantine.Count, DateTimeOffset.UtcNow, quarantinePath);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, LakeJson.Options);
        try
        {
            await _store.PutAsync(LakePaths.ManifestOf(_batch), new MemoryStream(bytes), cancellationToken);
        }
        catch (LakeObjectExistsException)
        {
            var winner = await ReadWinnerAsync(_store, _batch, cancellationToken);
            await DeleteOwnAttemptAsync(cancellationToken);
            return new BatchCommit(winner, BatchCommitOutcome.CommittedByConcurrentAttempt);
        }
        try
        {
            await DeleteOtherAttemptsAsync(manifest, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Best effort: the batch is committed; a leftover folder is garbage that no manifest names.
        }
        return new BatchCommit(manifest, BatchCommitOutcome.Committed);
    }

    private static async Task<BatchManifest> ReadWinnerAsync(ILakeStore store, string batch,
        CancellationToken cancellationToken) =>
        await LakeBatchReader.TryReadManifestAsync(store, batch, cancellationToken)
        ?? throw new InvalidDataException($"Lake batch '{batch}' has a {LakePaths.Manifest} that cannot be read.");

    // Once the manifest exists no other attempt can commit, so their folders are garbage. Leftovers of the layout
    // before attempts were staged (parts at the batch's top) are left alone: they may belong to a finished batch.
    private async Task DeleteOtherAttemptsAsync(BatchManifest manifest, CancellationToken cancellationToken)
    {
        if (_store is not IListableLakeStore listable) return;
        var attempts = LakePaths.AttemptsOf(_batch) + "/";
        var names = await listable.ListPathsAsync(attempts, cancellationToken);
        var others = names.Where(n => n.StartsWith(attempts, StringComparison.Ordinal))
            .Select(n => attempts + n[attempts.Length..].Split('/')[0])
            .Where(a => a != _attempt && manifest.Parts.All(p => !p.Path.StartsWith(a + "/", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var other in others) await _store.DeletePrefixAsync(other, cancellationToken);
    }

    private async Task DeleteOwnAttemptAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _store.DeletePrefixAsync(_attempt, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Best effort, as for the winner's clean-up.
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        using var part = _part ?? PartSpool.Open(_format, Columns);
        _part = null;
        var (content, sha, length) = part.Finish();
        var path = LakePaths.Part(_attempt, _parts.Count, _format.Extension);
        try
        {
            await _store.PutAsync(path, content, cancellationToken);
        }
        catch (IOException)
        {
            if (!await _store.ExistsAsync(LakePaths.ManifestOf(_batch), cancellationToken)) throw;
            // A concurrent attempt committed the batch and cleared this attempt's folder: what is left is discarded.
            _lost = true;
            return;
        }
        _parts.Add(new BatchPart(path, part.Rows, sha, length));
        _rowCount += part.Rows;
    }
}

/// <summary>Who wrote a finished batch, as seen by one attempt (<see cref="LakeBatchWriter.CommitAsync"/>).</summary>
public enum BatchCommitOutcome
{
    /// <summary>This attempt wrote the manifest.</summary>
    Committed,

    /// <summary>A concurrent attempt wrote the manifest first; this attempt's files were discarded.</summary>
    CommittedByConcurrentAttempt,

    /// <summary>The batch was finished before this attempt started writing.</summary>
    AlreadyFinished,
}

/// <summary>A finished batch as one attempt sees it.</summary>
/// <param name="Manifest">The batch's manifest (the same for every attempt).</param>
/// <param name="Outcome">Whether this attempt wrote it.</param>
public sealed record BatchCommit(BatchManifest Manifest, BatchCommitOutcome Outcome);
