using System.Globalization;
using System.Text.Json;
using EcommerceLake.Lake;
using EcommerceLake.Streams;

namespace EcommerceLake.Processing.InProcess;

/// <summary>
/// Types one land record into a raw record with the stream spec: <c>_op</c> must be <c>I</c>, <c>U</c> or <c>D</c>,
/// <c>_change_version</c> a 64-bit integer, and each spec column is cleaned and typed with
/// <see cref="ValueNormalizer.TryNormalize"/>. Key columns are always required. A delete (<c>_op</c> = <c>D</c>) needs
/// only its key: its other values are typed when they can be and left null when they cannot, since trusted never reads
/// them. Land columns that the spec does not know are ignored, but the optional <c>_position</c> (where the record was
/// in its source) names the record in its reject (<see cref="RejectPosition"/>).
/// </summary>
public sealed class RawRecordTyper
{
    private readonly StreamSpec _spec;
    private readonly IReadOnlyList<string> _landColumns;
    private readonly int _opIndex;
    private readonly int _versionIndex;
    private readonly int[] _columnIndex;
    private readonly ColumnSpec[] _strictColumns;
    private readonly ColumnSpec[] _deleteColumns;
    private readonly bool[] _isKey;
    private readonly int _positionIndex;

    /// <summary>Creates a typer for land records whose columns are <paramref name="landColumns"/>.</summary>
    /// <exception cref="InvalidDataException">A meta column or a spec column is missing from
    /// <paramref name="landColumns"/>.</exception>
    public RawRecordTyper(StreamSpec spec, IReadOnlyList<string> landColumns)
    {
        _spec = spec;
        _landColumns = landColumns;
        var index = landColumns.Select((c, i) => (c, i)).GroupBy(x => x.c)
            .ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var missing = Columns(spec).Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException(
                $"The land batch of {spec.Key} lacks the column(s) {string.Join(", ", missing)} of its spec.");
        _opIndex = index[StreamSpec.OperationColumn];
        _versionIndex = index[StreamSpec.ChangeVersionColumn];
        _columnIndex = spec.Columns.Select(c => index[c.Name]).ToArray();
        var keys = spec.PrimaryKey.ToHashSet(StringComparer.Ordinal);
        _strictColumns = spec.Columns.Select(c => keys.Contains(c.Name) ? c with { Nullable = false } : c).ToArray();
        _deleteColumns = spec.Columns.Select(c => keys.Contains(c.Name) ? c with { Nullable = false }
            : c with { Nullable = true }).ToArray();
        _isKey = spec.Columns.Select(c => keys.Contains(c.Name)).ToArray();
        _positionIndex = index.GetValueOrDefault(LandPosition.Column, -1);
    }

    /// <summary>
    /// The position of a rejected record for its quarantine line: <c>{source position} ({part} row {row})</c> when
    /// the land batch has the <c>_position</c> column (<see cref="LandPosition"/>) and the record a value there, such
    /// as <c>sellers.csv:line 12 (part-00000 row 11)</c>; else <c>{part} row {row}</c>.
    /// </summary>
    /// <param name="partName">The land part's name without extension, <c>part-00000</c>.</param>
    /// <param name="row">The record's 1-based row inside its land part.</param>
    /// <param name="land">The land record.</param>
    public string RejectPosition(string partName, long row, string?[] land)
    {
        var inLand = $"{partName} row {row.ToString(CultureInfo.InvariantCulture)}";
        return _positionIndex >= 0 && _positionIndex < land.Length && !string.IsNullOrEmpty(land[_positionIndex])
            ? $"{land[_positionIndex]} ({inLand})"
            : inLand;
    }

    /// <summary>Columns of the raw batch: <c>_op</c>, <c>_change_version</c>, then the spec's columns in
    /// order.</summary>
    public IReadOnlyList<string> RawColumns => Columns(_spec);

    /// <summary>Columns of the raw batch of <paramref name="spec"/>.</summary>
    public static IReadOnlyList<string> Columns(StreamSpec spec) =>
        [StreamSpec.OperationColumn, StreamSpec.ChangeVersionColumn, .. spec.Columns.Select(c => c.Name)];

    /// <summary>Types <paramref name="land"/> (aligned with the land columns).</summary>
    /// <param name="land">The land record.</param>
    /// <param name="raw">The raw record aligned with <see cref="RawColumns"/>, when the result is true.</param>
    /// <param name="reason">Every reason the record was rejected, joined by <c>; </c>, when the result is
    /// false.</param>
    /// <returns>False when the record cannot be typed.</returns>
    public bool TryType(string?[] land, out string?[] raw, out string? reason)
    {
        var errors = new List<string>();
        raw = new string?[_spec.Columns.Count + 2];

        var op = land[_opIndex]?.Trim().ToUpperInvariant();
        if (op is "I" or "U" or "D") raw[0] = op;
        else errors.Add($"column '{StreamSpec.OperationColumn}': '{land[_opIndex]}' is not I, U or D");

        var version = land[_versionIndex]?.Trim();
        if (long.TryParse(version, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            raw[1] = v.ToString(CultureInfo.InvariantCulture);
        else errors.Add($"column '{StreamSpec.ChangeVersionColumn}': '{version}' is not a 64-bit integer");

        var isDelete = op == "D";
        for (var i = 0; i < _columnIndex.Length; i++)
        {
            var column = isDelete ? _deleteColumns[i] : _strictColumns[i];
            if (ValueNormalizer.TryNormalize(column, _spec.Cleaning, land[_columnIndex[i]], out var value,
                out var error))
                raw[i + 2] = value;
            else if (isDelete && !_isKey[i])
                raw[i + 2] = null;
            else
                errors.Add(error!);
        }

        reason = errors.Count == 0 ? null : string.Join("; ", errors);
        return errors.Count == 0;
    }

    /// <summary>The land record as a JSON object (column name to value), for the quarantine file.</summary>
    public string Describe(string?[] land)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < _landColumns.Count && i < land.Length; i++) fields.TryAdd(_landColumns[i], land[i]);
        return JsonSerializer.Serialize(fields, LakeJson.Options);
    }
}
