using System.Text.Json;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>
/// The offset of a files stream: the files already ingested, each by name, size and modification time,
/// <c>{"files":[{"name":"sellers.csv","size":174703,"modifiedUtc":"2024-05-01T10:00:00.1234567Z"}]}</c>.
/// A file whose name is absent, or whose size or time differs, is new or changed and is read again.
/// </summary>
public sealed class FilesLedger
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, FileStamp> _files;

    private FilesLedger(IEnumerable<FileStamp> files) =>
        _files = files.GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>No file ingested yet.</summary>
    public static FilesLedger Empty { get; } = new([]);

    /// <summary>The files of the ledger, by name.</summary>
    public IReadOnlyCollection<FileStamp> Files => _files.Values;

    /// <summary>A ledger of <paramref name="files"/>.</summary>
    public static FilesLedger Of(IEnumerable<FileStamp> files) => new(files);

    /// <summary>Reads a ledger written by <see cref="ToJson"/>; null or empty text is <see cref="Empty"/>.</summary>
    /// <exception cref="FormatException">The text is not a files ledger.</exception>
    public static FilesLedger Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return Empty;
        try
        {
            var dto = JsonSerializer.Deserialize<Dto>(json, Json);
            var files = dto?.Files ?? [];
            if (files.Any(f => f is null || string.IsNullOrEmpty(f.Name)))
                throw new FormatException($"'{json}' is not a files ledger: every file needs a name.");
            return new FilesLedger(files.Select(f => f with { ModifiedUtc = DateTime.SpecifyKind(f.ModifiedUtc.ToUniversalTime(), DateTimeKind.Utc) }));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"'{json}' is not a files ledger: {ex.Message}", ex);
        }
    }

    /// <summary>True when this exact version of the file (name, size, time) was ingested.</summary>
    public bool Contains(FileStamp file) =>
        _files.TryGetValue(file.Name, out var known) && known.Size == file.Size && known.ModifiedUtc == file.ModifiedUtc;

    /// <summary>The ingested version of the file named <paramref name="name"/>, or null.</summary>
    public FileStamp? Find(string name) => _files.GetValueOrDefault(name);

    /// <summary>The ledger as JSON, files sorted by name.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dto(_files.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList()), Json);

    private sealed record Dto(List<FileStamp>? Files);
}
