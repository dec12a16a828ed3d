using System.IO.Enumeration;
using EcommerceLake.Contracts;
using EcommerceLake.Ingestion.Connectors.Files;
using EcommerceLake.Streams;
using EcommerceLake.Streams.Offsets;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Detectors;

/// <summary>
/// Detector of the file drop (source <c>files</c>, kind <c>file-arrived</c>): a file at the top of
/// <c>Sources:Files:DropDirectory</c> that matches a files stream's Origin glob and is not in that stream's committed
/// <see cref="FilesLedger"/> (new, or changed in size or time) is data not yet in trusted — the same rule the
/// <see cref="FilesConnector"/> reads by. On with <c>Detectors:Files:Enabled</c>.
/// </summary>
public sealed class FileArrivalDetector(
    IOptions<FilesOptions> files, IOptions<DetectorOptions> options, StreamCatalog catalog, IBus bus, TimeProvider time,
    ILogger<FileArrivalDetector> logger)
    : SourceDetector(bus, time, options.Value.OffsetsTimeout, logger)
{
    /// <inheritdoc />
    public override string Source => FilesConnector.SourceName;

    /// <inheritdoc />
    public override SourceChangeKind Kind => SourceChangeKind.FileArrived;

    /// <inheritdoc />
    protected override bool Enabled => options.Value.Files.Enabled;

    /// <inheritdoc />
    protected override TimeSpan PollInterval => options.Value.Files.PollInterval;

    /// <inheritdoc />
    /// <exception cref="DirectoryNotFoundException">The drop directory does not exist.</exception>
    protected override Task<SourceObservation?> ObserveAsync(IReadOnlyDictionary<string, string> committedOffsets,
        CancellationToken cancellationToken)
    {
        var directory = new DirectoryInfo(Path.GetFullPath(files.Value.DropDirectory));
        if (!directory.Exists)
            throw new DirectoryNotFoundException(
                $"The drop directory '{directory.FullName}' ({FilesOptions.Section}:DropDirectory) does not exist.");
        var present = directory.EnumerateFiles().ToList();
        var pending = new SortedSet<string>(StringComparer.Ordinal);
        var signature = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var spec in catalog.ForSource(Source))
        {
            FilesLedger ledger;
            try
            {
                ledger = FilesLedger.Parse(committedOffsets.GetValueOrDefault(spec.Stream));
            }
            catch (FormatException ex)
            {
                logger.LogWarning("The committed offset of {Stream} is not a files ledger ({Error}); treating every " +
                    "file as new", spec.Key, ex.Message);
                ledger = FilesLedger.Empty;
            }
            foreach (var file in present.Where(f => FileSystemName.MatchesSimpleExpression(spec.Origin, f.Name,
                ignoreCase: true)))
            {
                var stamp = FileStamp.Of(file);
                if (ledger.Contains(stamp)) continue;
                pending.Add(stamp.Name);
                signature.Add($"{spec.Stream}/{stamp.Name}/{stamp.Size}/{stamp.ModifiedUtc.Ticks}");
            }
        }
        DetectorMetrics.SetPendingFiles(Source, pending.Count);
        return Task.FromResult(pending.Count == 0
            ? null
            : new SourceObservation(string.Join("|", signature), $"{pending.Count} new or changed " +
                $"file(s): {string.Join(", ", pending.Take(10))}{(pending.Count > 10 ? ", …" : "")}"));
    }
}
