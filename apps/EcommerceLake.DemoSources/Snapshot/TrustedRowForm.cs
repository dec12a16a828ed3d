using EcommerceLake.Streams;

namespace EcommerceLake.DemoSources.Snapshot;

/// <summary>
/// The form in which the trusted layer must hold a source row, so source and trusted can be compared as text: every
/// value through <see cref="ValueNormalizer.TryNormalize"/> with the spec's cleaning rules, then, for measures
/// (<see cref="ColumnSpec.Measure"/>) under <see cref="CleaningRules.EmptyMeasureAsZero"/>, null → <c>"0"</c>.
/// Rows are keyed by their normalized primary-key values joined with <c>'|'</c>.
/// </summary>
public static class TrustedRowForm
{
    /// <summary>Separator of the primary-key values in a row key.</summary>
    public const char KeySeparator = '|';

    /// <summary>Normalizes one row whose values are in <paramref name="spec"/>'s column order.</summary>
    /// <param name="spec">The stream's spec.</param>
    /// <param name="raw">Values as the source holds them (text, null for missing), one per spec column.</param>
    /// <param name="values">The normalized values (one per spec column), when the result is true.</param>
    /// <param name="error">Why the row would be rejected (quarantined) instead, when the result is false.</param>
    /// <exception cref="ArgumentException"><paramref name="raw"/> does not have one value per spec column.</exception>
    public static bool TryNormalize(StreamSpec spec, IReadOnlyList<string?> raw, out string?[] values,
        out string? error)
    {
        if (raw.Count != spec.Columns.Count)
            throw new ArgumentException(
                $"Stream {spec.Key} has {spec.Columns.Count} columns but the row has {raw.Count} values.", nameof(raw));
        values = new string?[raw.Count];
        for (var i = 0; i < raw.Count; i++)
        {
            var column = spec.Columns[i];
            if (!ValueNormalizer.TryNormalize(column, spec.Cleaning, raw[i], out var value, out error))
                return false;
            values[i] = value is null && column.Measure && spec.Cleaning.EmptyMeasureAsZero ? "0" : value;
        }
        error = null;
        return true;
    }

    /// <summary>The key of a normalized row: its primary-key values, in key order, joined with
    /// <see cref="KeySeparator"/>.</summary>
    public static string KeyOf(StreamSpec spec, IReadOnlyList<string?> values) =>
        string.Join(KeySeparator, spec.PrimaryKey.Select(k => values[IndexOf(spec, k)]));

    private static int IndexOf(StreamSpec spec, string column)
    {
        for (var i = 0; i < spec.Columns.Count; i++)
            if (spec.Columns[i].Name == column) return i;
        throw new KeyNotFoundException($"Stream {spec.Key} has no column '{column}'.");
    }
}
