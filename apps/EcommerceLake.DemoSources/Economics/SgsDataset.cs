using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EcommerceLake.DemoSources.Economics;

/// <summary>
/// The real Banco Central do Brasil SGS values kept in <c>data/bcb</c> (see its ATTRIBUTION.md): every
/// <c>*.json</c> under the folder, each a JSON array <c>[{"data":"dd/MM/yyyy","valor":"…"}]</c> of one series, the
/// series code taken from the file name (<c>bcdata.sgs.{code}.json</c> or <c>sgs_{code}_….json</c>). Files of the
/// same series are merged by date; two files giving one date different values is an error.
/// </summary>
public sealed partial class SgsDataset
{
    private readonly Dictionary<int, SortedDictionary<DateOnly, string>> _series;

    private SgsDataset(string directory, Dictionary<int, SortedDictionary<DateOnly, string>> series)
    {
        Directory = directory;
        _series = series;
    }

    /// <summary>The folder read.</summary>
    public string Directory { get; }

    /// <summary>The series codes present.</summary>
    public IReadOnlyCollection<int> Codes => _series.Keys;

    /// <summary>Loads the folder (<see cref="LocateDirectory"/> when <paramref name="directory"/> is null).</summary>
    /// <exception cref="DirectoryNotFoundException">No folder was found.</exception>
    /// <exception cref="InvalidDataException">A file is not an SGS response, or two files disagree on a
    /// value.</exception>
    public static SgsDataset Load(string? directory = null)
    {
        var folder = LocateDirectory(directory);
        var series = new Dictionary<int, SortedDictionary<DateOnly, string>>();
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal))
        {
            var match = FileName().Match(Path.GetFileName(file));
            if (!match.Success) continue;
            var code = int.Parse(match.Groups["code"].Value, CultureInfo.InvariantCulture);
            if (!series.TryGetValue(code, out var values)) series[code] = values = [];
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{file}: not a JSON array of SGS values.");
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                index++;
                if (!TryRead(item, out var date, out var value))
                    throw new InvalidDataException(
                        $"{file} item {index}: not {{\"data\":\"dd/MM/yyyy\",\"valor\":\"…\"}}.");
                if (values.TryGetValue(date, out var existing) && existing != value)
                    throw new InvalidDataException($"{file}: series {code} on {date:yyyy-MM-dd} is '{value}' here " +
                        $"but '{existing}' in another file.");
                values[date] = value;
            }
        }
        return new SgsDataset(folder, series);
    }

    /// <summary>
    /// Finds the folder: <paramref name="directory"/> when given, else <c>data/bcb</c> in
    /// <see cref="AppContext.BaseDirectory"/>, the current directory or one of their ancestors.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No folder was found; the message names every place
    /// searched.</exception>
    public static string LocateDirectory(string? directory = null)
    {
        if (directory is not null)
        {
            var full = Path.GetFullPath(directory);
            return System.IO.Directory.Exists(full) ? full
                : throw new DirectoryNotFoundException($"The SGS data folder '{full}' does not exist.");
        }
        var searched = new List<string>();
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "bcb");
                if (searched.Contains(candidate)) continue;
                searched.Add(candidate);
                if (File.Exists(Path.Combine(candidate, "ATTRIBUTION.md"))) return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            $"No data/bcb folder (with ATTRIBUTION.md) was found; searched {string.Join(", ", searched)}.");
    }

    /// <summary>The values of series <paramref name="code"/> dated from <paramref name="from"/> to
    /// <paramref name="to"/> (inclusive), by date.</summary>
    /// <exception cref="KeyNotFoundException">The dataset has no such series.</exception>
    public IReadOnlyList<KeyValuePair<DateOnly, string>> Values(int code, DateOnly from, DateOnly to) =>
        _series.TryGetValue(code, out var values)
            ? values.Where(v => v.Key >= from && v.Key <= to).ToList()
            : throw new KeyNotFoundException($"The SGS data in {Directory} has no series {code} (it " +
                $"has {string.Join(", ", _series.Keys.Order())}).");

    /// <summary>True when the dataset has series <paramref name="code"/>.</summary>
    public bool HasSeries(int code) => _series.ContainsKey(code);

    /// <summary>Parses the SGS date format <c>dd/MM/yyyy</c>.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static bool TryRead(JsonElement item, out DateOnly date, out string value)
    {
        date = default;
        value = "";
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.String
            || !TryParseDate(data.GetString(), out date)
            || !item.TryGetProperty("valor", out var valor) || valor.ValueKind != JsonValueKind.String)
            return false;
        value = valor.GetString()!;
        return true;
    }

    [GeneratedRegex(@"^(bcdata\.sgs\.(?<code>\d+)|sgs_(?<code>\d+)_.*)\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
