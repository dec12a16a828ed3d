using System.IO.Enumeration;
using EcommerceLake.Lake;
using EcommerceLake.Streams.Offsets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>
/// Connector of the file drop (source <c>files</c>), local or over SFTP (<see cref="IFileStore"/>). A stream's files
/// are those at the top of the drop whose names match the spec's Origin glob (<c>*</c> and <c>?</c>, case ignored),
/// such as <c>*sellers*.csv</c>; done-marker files (<see cref="FilesOptions.DoneMarkerSuffix"/>) are never data. Each
/// version of a file — (name, size, modification time) — is ingested once: the offset is the
/// <see cref="FilesLedger"/> of the files ingested, and new or changed files are read in (modification time, name)
/// order by <see cref="CsvFileLoader"/>. A new or changed file is read only when it is complete: its done-marker
/// exists, or (unless <see cref="FilesOptions.RequireDoneMarker"/>) its size and time are unchanged in a second listing
/// taken <see cref="FilesOptions.StabilityInterval"/> after it was last modified (a file whose modification time is
/// already older than the interval is listed a second time at once, without a wait; see <see cref="StabilityWait"/>);
/// other files are left for a later run. Files that
/// disappeared leave the ledger. A forced full run reads every matching file again. The headers of the files read are
/// compared with the spec (<see cref="SourceColumns"/>): a header column the spec does not read is reported as
/// schema drift, while a file that lacks a spec column is quarantined whole and reported as lacking it. Batches are
/// never full snapshots: a file holds the rows it holds, and rows missing from it are not deletions.
/// <para>
/// Each file read gets an arrival sequence kept in the ledger (<see cref="FileChangeVersion"/>): a later-ingested
/// file's rows always carry higher change versions than an earlier one's, even when both have the same whole-second
/// mtime over SFTP, and the same file read again from the same offset gets the same versions. A file is read only up to
/// the size of the listing that found it ready: bytes appended while it is read are left for the next version of the
/// file.
/// </para>
/// </summary>
public sealed class FilesConnector(IFileStore store, IOptions<FilesOptions> options, TimeProvider clock,
    ILogger<FilesConnector> logger) : ISourceConnector
{
    /// <summary>The source name.</summary>
    public const string SourceName = "files";

    /// <inheritdoc />
    public string Source => SourceName;

    /// <inheritdoc />
    public async Task<ExtractionResult> ExtractAsync(ExtractionRequest request, LakeBatchWriter writer,
        CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        var settings = options.Value;
        var previous = FilesLedger.Parse(request.Offset);
        // A forced full run reads every file again but keeps the sequences, so the same file gets the same versions.
        var ledger = request.ForceFull ? FilesLedger.Of([], previous.LastSequence) : previous;
        await using var session = await store.OpenAsync(cancellationToken);

        var listing = await session.ListAsync(cancellationToken);
        var markers = listing.Where(f => IsMarker(f.Name, settings)).Select(f => f.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var known = new Dictionary<string, (FileStamp Stamp, long Sequence)>(StringComparer.Ordinal);
        var pending = new List<FileStamp>();
        foreach (var stamp in listing.Where(f => !IsMarker(f.Name, settings)
            && FileSystemName.MatchesSimpleExpression(spec.Origin, f.Name, ignoreCase: true)))
        {
            if (ledger.Contains(stamp)) known[stamp.Name] = (stamp, ledger.SequenceOf(stamp.Name));
            else pending.Add(stamp);
        }

        var ready = await ReadyAsync(session, pending, markers, settings, spec.Key, cancellationToken);
        foreach (var waiting in pending.Where(p => !ready.Contains(p)))
            if (ledger.Find(waiting.Name) is { } waited) known[waited.Name] = (waited, ledger.SequenceOf(waited.Name));
        ready.Sort((a, b) => a.ModifiedUtc != b.ModifiedUtc ? a.ModifiedUtc.CompareTo(b.ModifiedUtc)
            : string.CompareOrdinal(a.Name, b.Name));

        var lastSequence = ledger.LastSequence;
        var columns = new SourceColumns(spec);
        foreach (var stamp in ready)
        {
            var sequence = previous.SequenceOf(stamp) ?? FileChangeVersion.NextSequence(lastSequence, stamp);
            try
            {
                logger.LogInformation(
                    "Reading {File} ({Bytes} bytes, modified {Modified:o}) from {Location} for {Stream}",
                    stamp.Name, stamp.Size, stamp.ModifiedUtc, store.Location, spec.Key);
                var stream = await session.OpenReadAsync(stamp.Name, cancellationToken);
                var outcome = await CsvFileLoader.LoadAsync(stream, stamp, sequence, spec, writer, cancellationToken);
                logger.LogInformation("{File}: {Rows} rows landed, {Quarantined} quarantined", stamp.Name, outcome.Rows,
                    outcome.Quarantined);
                if (outcome.Headers is { } headers) columns.ObserveAll(headers);
                // The stamp taken before reading: a file that changed meanwhile differs from it and is read again next
                // time.
                known[stamp.Name] = (stamp, sequence);
                lastSequence = Math.Max(lastSequence, sequence);
            }
            catch (FileNotFoundException)
            {
                logger.LogWarning("{File} disappeared before it could be read; it is left for a later run", stamp.Name);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SourceUnavailableException(
                    $"The file '{stamp.Name}' in {store.Location} cannot be read: {ex.Message}", ex);
            }
        }

        if (pending.Count == 0)
            logger.LogInformation("No new or changed files for {Stream} in {Location}", spec.Key, store.Location);
        return new ExtractionResult(FilesLedger.Of(known.Values, lastSequence).ToJson(), IsFullSnapshot: false,
            columns.Drift());
    }

    private async Task<List<FileStamp>> ReadyAsync(
        IFileStoreSession session, List<FileStamp> pending, HashSet<string> markers, FilesOptions settings,
        string stream, CancellationToken cancellationToken)
    {
        var ready = pending.Where(p => markers.Contains(p.Name + settings.DoneMarkerSuffix)).ToList();
        var unsure = pending.Where(p => !markers.Contains(p.Name + settings.DoneMarkerSuffix)).ToList();
        if (unsure.Count == 0) return ready;
        if (settings.RequireDoneMarker)
        {
            foreach (var file in unsure)
                logger.LogInformation("{File} has no done-marker {Marker} yet; it is left for a later run of {Stream}",
                    file.Name, file.Name + settings.DoneMarkerSuffix, stream);
            return ready;
        }

        var wait = StabilityWait(unsure, settings.StabilityInterval, clock.GetUtcNow().UtcDateTime);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken);
        var again = (await session.ListAsync(cancellationToken)).ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var file in unsure)
        {
            if (again.TryGetValue(file.Name, out var now) && now == file) ready.Add(file);
            else
                logger.LogInformation(
                    "{File} changed within {Interval} (still being written?); it is left for a later run of {Stream}",
                    file.Name, settings.StabilityInterval, stream);
        }
        return ready;
    }

    /// <summary>
    /// How long to wait before the second listing: the stability interval less the time the youngest unsure file has
    /// already gone unmodified by its modification time, counted from one second after it (listings over SFTP give
    /// whole seconds). A file last modified longer ago than the interval needs no wait, only the second listing; a
    /// modification time in the future (clocks apart) waits the whole interval.
    /// </summary>
    internal static TimeSpan StabilityWait(IReadOnlyCollection<FileStamp> unsure, TimeSpan interval, DateTime nowUtc)
    {
        var youngest = unsure.Max(f => f.ModifiedUtc);
        var quiet = nowUtc - youngest - ModificationTimeGranularity;
        if (quiet < TimeSpan.Zero) return interval;
        return quiet >= interval ? TimeSpan.Zero : interval - quiet;
    }

    private static readonly TimeSpan ModificationTimeGranularity = TimeSpan.FromSeconds(1);

    private static bool IsMarker(string name, FilesOptions settings)
        => name.EndsWith(settings.DoneMarkerSuffix, StringComparison.OrdinalIgnoreCase);
}
