using EcommerceLake.Contracts;
using EcommerceLake.Streams;

namespace EcommerceLake.Ingestion.Connectors;

/// <summary>
/// Collects the column names a source offers during one extraction (a table's columns, each file's header, each JSON
/// record's fields) and compares them with the stream's spec (<see cref="SchemaDrift"/>); the spec's
/// <see cref="StreamSpec.IgnoredColumns"/> are never added. Names compare ordinally, case ignored, surrounding white
/// space trimmed. Not thread-safe: one instance per extraction.
/// </summary>
/// <param name="spec">The stream's spec.</param>
public sealed class SourceColumns(StreamSpec spec)
{
    // What the spec accounts for: its columns and those it ignores on purpose; anything else is added.
    private readonly HashSet<string> _known = new(
        spec.Columns.Select(c => c.Name).Concat(spec.IgnoredColumns.Select(i => i.Trim())),
        StringComparer.OrdinalIgnoreCase);
    private readonly SortedSet<string> _added = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _missing = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _seenAnywhere = new(StringComparer.OrdinalIgnoreCase);
    private bool _observed;

    /// <summary>Records one whole set of columns the source offered (a table's, a file header's): what it has beyond
    /// the spec is added, spec columns it lacks are missing.</summary>
    public void ObserveAll(IEnumerable<string> columns)
    {
        var present = new HashSet<string>(columns.Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);
        Observe(present);
        foreach (var column in spec.Columns.Where(c => !present.Contains(c.Name))) _missing.Add(column.Name);
    }

    /// <summary>Records the fields of one record of a source whose records may leave fields out (JSON): a spec
    /// column counts as missing only when no record observed had it.</summary>
    public void ObserveRecord(IEnumerable<string> fields) => Observe(fields.Select(f => f.Trim()));

    /// <summary>The drift seen so far, or null when nothing was observed.</summary>
    public SchemaDrift? Drift() =>
        !_observed ? null : new SchemaDrift
        {
            Added = _added.ToList(),
            Missing = spec.Columns.Select(c => c.Name)
                .Where(c => _missing.Contains(c) || !_seenAnywhere.Contains(c)).ToList(),
        };

    private void Observe(IEnumerable<string> columns)
    {
        _observed = true;
        foreach (var column in columns)
        {
            _seenAnywhere.Add(column);
            if (!_known.Contains(column)) _added.Add(column);
        }
    }
}
