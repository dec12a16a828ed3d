using EcommerceLake.Lake;
using EcommerceLake.Streams;

namespace EcommerceLake.Ingestion.Connectors;

/// <summary>
/// The land record shape of a stream: <c>_op</c> (I/U/D), <c>_change_version</c> (decimal text of a 64-bit
/// integer; the latest wins downstream), then the spec's columns in order, every value as text or null. Streams of the
/// files source (whose records have a place in a file) end with <c>_position</c> (<see cref="LandPosition.Column"/>:
/// <c>sellers.csv:line 12</c>); processing names it in the reject of a record that fails typing, and it does not reach
/// raw.
/// </summary>
public static class LandRecord
{
    /// <summary>Columns of the land batch of <paramref name="spec"/>.</summary>
    public static IReadOnlyList<string> Columns(StreamSpec spec) =>
        HasPosition(spec)
            ? [StreamSpec.OperationColumn, StreamSpec.ChangeVersionColumn, .. spec.Columns.Select(c => c.Name),
                LandPosition.Column]
            : [StreamSpec.OperationColumn, StreamSpec.ChangeVersionColumn, .. spec.Columns.Select(c => c.Name)];

    /// <summary>True when the land records of <paramref name="spec"/> end with <c>_position</c> (the files
    /// source).</summary>
    public static bool HasPosition(StreamSpec spec) => spec.Source == Files.FilesConnector.SourceName;

    /// <summary>
    /// Builds a record with its position (<c>{file}:line N</c>), for streams where <see cref="HasPosition"/> holds:
    /// <paramref name="values"/> align with the spec's columns.
    /// </summary>
    public static string?[] Create(char operation, long changeVersion, IReadOnlyList<string?> values, string position)
    {
        var record = new string?[values.Count + 3];
        Fill(record, operation, changeVersion, values);
        record[^1] = position;
        return record;
    }

    /// <summary>Builds a record without position: <paramref name="values"/> align with the spec's columns.</summary>
    public static string?[] Create(char operation, long changeVersion, IReadOnlyList<string?> values)
    {
        var record = new string?[values.Count + 2];
        Fill(record, operation, changeVersion, values);
        return record;
    }

    private static void Fill(string?[] record, char operation, long changeVersion, IReadOnlyList<string?> values)
    {
        record[0] = operation.ToString();
        record[1] = changeVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < values.Count; i++) record[i + 2] = values[i];
    }
}
