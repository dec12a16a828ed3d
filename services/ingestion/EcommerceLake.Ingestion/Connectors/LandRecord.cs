using EcommerceLake.Lake;
using EcommerceLake.Streams;

namespace EcommerceLake.Ingestion.Connectors;

/// <summary>
/// The land record shape of a stream: <c>_op</c> (I/U/D), <c>_change_version</c> (decimal text of a 64-bit
/// integer; the latest wins downstream), then the spec's columns in order, then <c>_position</c>
/// (<see cref="LandPosition.Column"/>: where the record was in its source, such as <c>sellers.csv:line 12</c>, or null
/// when the source has no such position), every value as text or null. Processing names the position in the reject
/// of a record that fails typing; it does not reach raw.
/// </summary>
public static class LandRecord
{
    /// <summary>Columns of the land batch of <paramref name="spec"/>.</summary>
    public static IReadOnlyList<string> Columns(StreamSpec spec) =>
        [StreamSpec.OperationColumn, StreamSpec.ChangeVersionColumn, .. spec.Columns.Select(c => c.Name), LandPosition.Column];

    /// <summary>
    /// Builds a record: <paramref name="values"/> align with the spec's columns; <paramref name="position"/> is where
    /// the record was in its source (<c>{file}:line N</c>), or null.
    /// </summary>
    public static string?[] Create(char operation, long changeVersion, IReadOnlyList<string?> values, string? position = null)
    {
        var record = new string?[values.Count + 3];
        record[^1] = position;
        record[0] = operation.ToString();
        record[1] = changeVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < values.Count; i++) record[i + 2] = values[i];
        return record;
    }
}
