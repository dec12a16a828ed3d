using System.Text.Json;
using System.Text.RegularExpressions;

namespace EcommerceLake.Streams;

/// <summary>
/// Every stream spec shipped with the platform (embedded <c>Specs/*.json</c>). Validates each spec when loaded:
/// identifiers must match <c>^[a-z_][a-z0-9_]*$</c> so they can reach SQL, and every key column must exist and not be
/// json; each check (<see cref="CheckSpec"/>) has a unique safe name, names a column of the spec, and carries what its
/// kind needs (values; a numeric column and a bound).
/// </summary>
public sealed partial class StreamCatalog
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, StreamSpec> _byKey;

    /// <summary>Creates a catalog over <paramref name="specs"/>.</summary>
    /// <exception cref="InvalidOperationException">A spec is invalid or two specs share a key or a table.</exception>
    public StreamCatalog(IEnumerable<StreamSpec> specs)
    {
        _byKey = new Dictionary<string, StreamSpec>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            Validate(spec);
            if (!_byKey.TryAdd(spec.Key, spec))
                throw new InvalidOperationException($"Stream spec {spec.Key} is defined twice.");
        }
        var tables = _byKey.Values.GroupBy(s => s.Table).FirstOrDefault(g => g.Count() > 1);
        if (tables is not null)
            throw new InvalidOperationException($"Table '{tables.Key}' is used by more than one stream spec.");
    }

    /// <summary>The catalog of the specs embedded in this assembly.</summary>
    public static StreamCatalog Default { get; } = LoadEmbedded();

    /// <summary>All specs, ordered by source then stream.</summary>
    public IReadOnlyList<StreamSpec> All => _byKey.Values.OrderBy(s => s.Source).ThenBy(s => s.Stream).ToList();

    /// <summary>Source names, sorted.</summary>
    public IReadOnlyList<string> Sources => _byKey.Values.Select(s => s.Source).Distinct().Order().ToList();

    /// <summary>The specs of one source, sorted by stream.</summary>
    /// <exception cref="KeyNotFoundException">No stream belongs to <paramref name="source"/>.</exception>
    public IReadOnlyList<StreamSpec> ForSource(string source)
    {
        var specs = All.Where(s => s.Source == source).ToList();
        return specs.Count > 0 ? specs : throw new KeyNotFoundException(
            $"Unknown source '{source}'. Known sources: {string.Join(", ", Sources)}.");
    }

    /// <summary>The spec of <paramref name="source"/>.<paramref name="stream"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such stream.</exception>
    public StreamSpec Get(string source, string stream) =>
        _byKey.TryGetValue($"{source}.{stream}", out var spec)
            ? spec
            : throw new KeyNotFoundException($"Unknown stream '{source}.{stream}'.");

    /// <summary>Parses one spec document (the JSON shape of <see cref="StreamSpec"/>, camelCase).</summary>
    /// <exception cref="InvalidOperationException">The document is not a valid spec.</exception>
    public static StreamSpec Parse(string json, string origin)
    {
        var spec = JsonSerializer.Deserialize<StreamSpec>(json, JsonOptions)
            ?? throw new InvalidOperationException($"Stream spec {origin} is empty.");
        return spec with
        {
            Cleaning = spec.Cleaning ?? new CleaningRules(), Checks = spec.Checks ?? [],
            IgnoredColumns = spec.IgnoredColumns ?? [],
        };
    }

    /// <summary>True when <paramref name="identifier"/> is safe to use unquoted in SQL.</summary>
    public static bool IsSafeIdentifier(string identifier) => IdentifierPattern().IsMatch(identifier);

    private static StreamCatalog LoadEmbedded()
    {
        var assembly = typeof(StreamCatalog).Assembly;
        var specs = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("EcommerceLake.Streams.Specs.", StringComparison.Ordinal))
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return Parse(reader.ReadToEnd(), n);
            });
        return new StreamCatalog(specs);
    }

    private static void Validate(StreamSpec spec)
    {
        var names = new[] { spec.Source, spec.Stream, spec.Table }
            .Concat(spec.Columns.Select(c => c.Name)).Concat(spec.PrimaryKey);
        var bad = names.FirstOrDefault(n => n is null || !IsSafeIdentifier(n));
        if (bad is not null || spec.Columns.Count == 0)
            throw new InvalidOperationException($"Stream spec {spec.Source}.{spec.Stream}: identifier '{bad}' must " +
                "match ^[a-z_][a-z0-9_]*$ and the spec needs columns.");
        var missing = spec.PrimaryKey.FirstOrDefault(k => spec.Columns.All(c => c.Name != k));
        if (spec.PrimaryKey.Count == 0 || missing is not null)
            throw new InvalidOperationException(
                $"Stream spec {spec.Key}: primary key column '{missing}' is not among its columns.");
        var jsonKey = spec.Columns.FirstOrDefault(c => c.Type == ColumnType.Json && spec.PrimaryKey.Contains(c.Name));
        if (jsonKey is not null)
            throw new InvalidOperationException(
                $"Stream spec {spec.Key}: primary key column '{jsonKey.Name}' cannot be of type json.");
        var read = spec.IgnoredColumns.FirstOrDefault(i => string.IsNullOrWhiteSpace(i)
            || spec.Columns.Any(c => string.Equals(c.Name, i.Trim(), StringComparison.OrdinalIgnoreCase)));
        if (read is not null)
            throw new InvalidOperationException(
                $"Stream spec {spec.Key}: ignored column '{read}' is empty or one of the spec's columns.");
        foreach (var check in spec.Checks) ValidateCheck(spec, check);
        var twice = spec.Checks.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new InvalidOperationException($"Stream spec {spec.Key}: check '{twice.Key}' is declared twice.");
    }

    private static void ValidateCheck(StreamSpec spec, CheckSpec check)
    {
        var where = $"Stream spec {spec.Key}, check '{check.Name}'";
        if (check.Name is null || !IsSafeIdentifier(check.Name))
            throw new InvalidOperationException($"{where}: the name must match ^[a-z_][a-z0-9_]*$.");
        var column = spec.Columns.FirstOrDefault(c => c.Name == check.Column)
            ?? throw new InvalidOperationException(
                $"{where}: column '{check.Column}' is not among the spec's columns.");
        switch (check.Kind)
        {
            case CheckKind.AcceptedValues when check.Values is not { Count: > 0 }:
                throw new InvalidOperationException($"{where}: an acceptedValues check needs 'values'.");
            case CheckKind.AcceptedValues when column.Type == ColumnType.Json:
                throw new InvalidOperationException($"{where}: column '{column.Name}' is json; values cannot be " +
                    "compared.");
            case CheckKind.Range when column.Type is not (ColumnType.Int or ColumnType.BigInt or ColumnType.Decimal):
                throw new InvalidOperationException($"{where}: a range check needs a numeric column; " +
                    $"'{column.Name}' is {column.Type.ToString().ToLowerInvariant()}.");
            case CheckKind.Range when check.Min is null && check.Max is null:
                throw new InvalidOperationException($"{where}: a range check needs 'min', 'max' or both.");
            case CheckKind.Range when check.Min > check.Max:
                throw new InvalidOperationException($"{where}: 'min' is above 'max'.");
            case not (CheckKind.NotNull or CheckKind.AcceptedValues or CheckKind.Range):
                throw new InvalidOperationException($"{where}: unknown kind {check.Kind}.");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
