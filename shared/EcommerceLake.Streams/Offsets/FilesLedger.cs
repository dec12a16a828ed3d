using System.Text.Json.Serialization;

namespace EcommerceLake.Streams.Offsets;

/// <summary>
/// The offset of a files stream: the files already ingested, each by name, size, modification time and the arrival
/// sequence it was given, and the highest sequence ever given,
/// <c>{"files":[{"name":"sellers.csv","size":174703,"modifiedUtc":"2024-05-01T10:00:00.1234567Z",
/// "sequence":1714557600}],
/// "lastSequence":1714557600}</c>. A file whose name is absent, or whose size or time differs, is new or changed and is
/// read again. <c>lastSequence</c> stays when files leave the ledger, so sequences only grow from run to run
/// (the ingestion connector's <c>FileChangeVersion</c>). Ledgers written before sequences existed read as sequence 0.
/// Read and written by <see cref="OffsetJson"/>.
/// </summary>
public sealed class FilesLedger
{
    private const string Expected =
        "a files ledger {\"files\": [{\"name\", \"size\", \"modifiedUtc\", \"sequence\"}], \"lastSequence\"}";
    private readonly Dictionary<string, Entry> _files;

    private FilesLedger(IEnumerable<Entry> files, long lastSequence)
    {
        _files = files.GroupBy(f => f.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        LastSequence = Math.Max(lastSequence, _files.Values.Select(f => f.Sequence).DefaultIfEmpty(0).Max());
    }

    /// <summary>No file ingested yet.</summary>
    public static FilesLedger Empty { get; } = new([], 0);

    /// <summary>The files of the ledger, by name.</summary>
    public IReadOnlyCollection<FileStamp> Files => _files.Values.Select(e => e.Stamp).ToList();

    /// <summary>The highest arrival sequence ever given to a file of the stream (0: none yet).</summary>
    public long LastSequence { get; }

    /// <summary>A ledger of <paramref name="files"/> without sequences (sequence 0 each).</summary>
    public static FilesLedger Of(IEnumerable<FileStamp> files) => new(files.Select(f => Entry.Of(f, 0)), 0);

    /// <summary>A ledger of <paramref name="files"/>, each with its arrival sequence, and the highest sequence
    /// given.</summary>
    public static FilesLedger Of(IEnumerable<(FileStamp Stamp, long Sequence)> files, long lastSequence) =>
        new(files.Select(f => Entry.Of(f.Stamp, f.Sequence)), lastSequence);

    /// <summary>Reads a ledger written by <see cref="ToJson"/>; null or empty text is <see cref="Empty"/>.</summary>
    /// <exception cref="FormatException">The text is not a files ledger.</exception>
    public static FilesLedger Parse(string? json)
    {
        if (OffsetJson.Read<Dto>(json, Expected) is not { } dto) return Empty;
        var files = dto.Files ?? [];
        if (files.Any(f => f is null || string.IsNullOrEmpty(f.Name)))
            throw OffsetJson.Invalid(json!, Expected + ": every file needs a name");
        if (files.Any(f => f.Sequence < 0) || dto.LastSequence < 0)
            throw OffsetJson.Invalid(json!, Expected + ": sequences are never negative");
        return new FilesLedger(
            files.Select(f =>
                f with { ModifiedUtc = DateTime.SpecifyKind(f.ModifiedUtc.ToUniversalTime(), DateTimeKind.Utc) }),
            dto.LastSequence);
    }

    /// <summary>True when this exact version of the file (name, size, time) was ingested.</summary>
    public bool Contains(FileStamp file) =>
        _files.TryGetValue(file.Name, out var known) && known.Size == file.Size
            && known.ModifiedUtc == file.ModifiedUtc;

    /// <summary>The ingested version of the file named <paramref name="name"/>, or null.</summary>
    public FileStamp? Find(string name) => _files.GetValueOrDefault(name)?.Stamp;

    /// <summary>
    /// The arrival sequence this exact version of the file (name, size, time) was given, or null when it was not
    /// ingested or was ingested before sequences existed (0).
    /// </summary>
    public long? SequenceOf(FileStamp file) =>
        Contains(file) && _files[file.Name].Sequence > 0 ? _files[file.Name].Sequence : null;

    /// <summary>The arrival sequence the ingested file named <paramref name="name"/> was given (0 when none).</summary>
    public long SequenceOf(string name) => _files.GetValueOrDefault(name)?.Sequence ?? 0;

    /// <summary>The ledger as JSON, files sorted by name.</summary>
    public string ToJson() =>
        OffsetJson.Write(new Dto(_files.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList(), LastSequence));

    private sealed record Entry(string Name, long Size, DateTime ModifiedUtc, long Sequence)
    {
        public FileStamp Stamp => new(Name, Size, ModifiedUtc);

        public static Entry Of(FileStamp stamp, long sequence)
            => new(stamp.Name, stamp.Size, stamp.ModifiedUtc, sequence);
    }

    // Another connector's offset ({"changeVersion": 42}) is refused, not read as an empty ledger (every file again).
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    private sealed record Dto(List<Entry>? Files, long LastSequence);
}
