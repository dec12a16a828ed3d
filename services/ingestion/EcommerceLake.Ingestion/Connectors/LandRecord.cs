using EcommerceLake.Streams;

namespace EcommerceLake.Ingestion.Connectors;

/// <summary>
/// The land record shape of a stream: <c>_op</c> (I/U/D), <c>_change_version</c> (decimal text of a 64-bit
/// integer; the latest wins downstream), then the spec's columns in order, every value as text or null.
/// </summary>
public static class LandRecord
{
    /// <summary>Columns of the land batch of <paramref name="spec"/>.</summary>
    public static IReadOnlyList<string> Columns(StreamSpec spec) =>
        [StreamSpec.OperationColumn, StreamSpec.ChangeVersionColumn, .. spec.Columns.Select(c => c.Name)];

    /// <summary>Builds a record: <paramref name="values"/> align with the spec's columns.</summary>
    public static string?[] Create(char operation, long changeVersion, IReadOnlyList<string?> values)
    {
        var record = new string?[values.Count + 2];
        record[0] = operation.ToString();
        record[1] = changeVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < values.Count; i++) record[i + 2] = values[i];
        return record;
    }
}
