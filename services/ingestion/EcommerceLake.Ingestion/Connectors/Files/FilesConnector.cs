using System.IO.Enumeration;
using EcommerceLake.Lake;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>
/// Connector of the file drop (source <c>files</c>). A stream's files are those at the top of
/// <see cref="FilesOptions.DropDirectory"/> whose names match the spec's Origin glob (<c>*</c> and <c>?</c>, case
/// ignored), such as <c>*sellers*.csv</c>. Each version of a file — (name, size, modification time) — is ingested
/// once: the offset is the <see cref="FilesLedger"/> of the files ingested, and new or changed files are read in
/// (modification time, name) order by <see cref="CsvFileLoader"/>. Files that disappeared leave the ledger. A forced
/// full run reads every matching file again. Batches are never full snapshots: a file holds the rows it holds, and
/// rows missing from it are not deletions.
/// </summary>
public sealed class FilesConnector(IOptions<FilesOptions> options, ILogger<FilesConnector> logger) : ISourceConnector
{
    /// <summary>The source name.</summary>
    public const string SourceName = "files";

    /// <inheritdoc />
    public string Source => SourceName;

    /// <inheritdoc />
    public async Task<ExtractionResult> ExtractAsync(ExtractionRequest request, LakeBatchWriter writer, CancellationToken cancellationToken)
    {
        var directory = new DirectoryInfo(Path.GetFullPath(options.Value.DropDirectory));
        if (!directory.Exists)
            throw new SourceUnavailableException($"The drop directory '{directory.FullName}' ({FilesOptions.Section}:DropDirectory) does not exist.");

        var spec = request.Spec;
        var ledger = request.ForceFull ? FilesLedger.Empty : FilesLedger.Parse(request.Offset);
        List<FileInfo> matching;
        try
        {
            matching = directory.EnumerateFiles()
                .Where(f => FileSystemName.MatchesSimpleExpression(spec.Origin, f.Name, ignoreCase: true))
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SourceUnavailableException($"The drop directory '{directory.FullName}' cannot be listed: {ex.Message}", ex);
        }

        var known = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
        var pending = new List<(FileInfo File, FileStamp Stamp)>();
        foreach (var file in matching)
        {
            var stamp = FileStamp.Of(file);
            if (ledger.Contains(stamp)) known[stamp.Name] = stamp;
            else pending.Add((file, stamp));
        }
        pending.Sort((a, b) => a.Stamp.ModifiedUtc != b.Stamp.ModifiedUtc
            ? a.Stamp.ModifiedUtc.CompareTo(b.Stamp.ModifiedUtc)
            : string.CompareOrdinal(a.Stamp.Name, b.Stamp.Name));

        foreach (var (file, stamp) in pending)
        {
            try
            {
                logger.LogInformation("Reading {File} ({Bytes} bytes, modified {Modified:o}) for {Stream}", stamp.Name, stamp.Size, stamp.ModifiedUtc, spec.Key);
                var outcome = await CsvFileLoader.LoadAsync(file.FullName, stamp, spec, writer, cancellationToken);
                logger.LogInformation("{File}: {Rows} rows landed, {Quarantined} quarantined", stamp.Name, outcome.Rows, outcome.Quarantined);
                // The stamp taken before reading: a file that changed meanwhile differs from it and is read again next time.
                known[stamp.Name] = stamp;
            }
            catch (FileNotFoundException)
            {
                logger.LogWarning("{File} disappeared before it could be read; it is left for a later run", stamp.Name);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SourceUnavailableException($"The file '{file.FullName}' cannot be read: {ex.Message}", ex);
            }
        }

        if (pending.Count == 0)
            logger.LogInformation("No new or changed files for {Stream} in {Directory}", spec.Key, directory.FullName);
        return new ExtractionResult(FilesLedger.Of(known.Values).ToJson(), IsFullSnapshot: false);
    }
}
