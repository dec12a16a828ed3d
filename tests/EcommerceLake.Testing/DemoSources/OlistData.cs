using EcommerceLake.DemoSources.Olist;
using EcommerceLake.DemoSources.Snapshot;
using EcommerceLake.Streams;

namespace EcommerceLake.Testing.DemoSources;

/// <summary>The repository's Olist data, loaded once for every test class, and expectations built from it.</summary>
public static class OlistData
{
    private static readonly Lazy<Task<OlistDataset>> Loaded = new(() => OlistDataset.LoadAsync());

    public static Task<OlistDataset> LoadAsync() => Loaded.Value;

    /// <summary><paramref name="rows"/> of <paramref name="table"/> in the trusted form of <paramref name="spec"/>,
    /// keyed like <see cref="SourceSnapshot"/>.</summary>
    public static Dictionary<string, string?[]> Expected(StreamSpec spec, OlistTable table, IEnumerable<string?[]> rows)
    {
        var indexes = spec.Columns.Select(c => table.ColumnIndex(c.Name)).ToArray();
        var expected = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var raw = indexes.Select(i => row[i]).ToArray();
            if (!TrustedRowForm.TryNormalize(spec, raw, out var values, out var error))
                throw new InvalidOperationException($"Dataset row of {table.Name} does not normalize: {error}");
            expected.Add(TrustedRowForm.KeyOf(spec, values), values);
        }
        return expected;
    }

    /// <summary>Keys missing, extra or with other values, at most <paramref name="limit"/> of them.</summary>
    public static List<string> Differences(IReadOnlyDictionary<string, string?[]> expected,
        IReadOnlyDictionary<string, string?[]> actual, int limit = 10)
    {
        var differences = new List<string>();
        foreach (var (key, values) in expected)
        {
            if (!actual.TryGetValue(key, out var got)) differences.Add($"missing {key}");
            else if (!values.SequenceEqual(got))
                differences.Add($"{key}: expected [{string.Join(", ", values)}] got [{string.Join(", ", got)}]");
            if (differences.Count >= limit) return differences;
        }
        differences.AddRange(actual.Keys.Where(k => !expected.ContainsKey(k)).Take(limit - differences.Count)
            .Select(k => $"unexpected {k}"));
        return differences;
    }
}
