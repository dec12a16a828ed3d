namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// The rows of a query job from <c>jobs.getQueryResults</c>
/// (https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/getQueryResults): field names from
/// <c>schema.fields</c> and every row's values as BigQuery serializes them (<c>{"f":[{"v":"12"}]}</c>: scalars as
/// strings, null as null). For a script job, the rows of its last statement.
/// </summary>
/// <param name="Fields">Top-level field names, in order.</param>
/// <param name="Rows">Rows, each aligned with <paramref name="Fields"/>.</param>
public sealed record BigQueryQueryResult(IReadOnlyList<string> Fields, IReadOnlyList<IReadOnlyList<string?>> Rows)
{
    /// <summary>The INT64 value of field <paramref name="field"/> in row <paramref name="row"/>.</summary>
    /// <exception cref="InvalidDataException">No such field or row, or the value is not an integer.</exception>
    public long Int64(int row, string field)
    {
        var index = IndexOf(row, field);
        return long.TryParse(Rows[row][index], System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException(
                $"Field '{field}' of the query result is '{Rows[row][index]}', not an integer.");
    }

    /// <summary>The value of field <paramref name="field"/> in row <paramref name="row"/> as BigQuery serialized it
    /// (a STRING as it is), or null for NULL.</summary>
    /// <exception cref="InvalidDataException">No such field or row.</exception>
    public string? String(int row, string field)
    {
        var index = IndexOf(row, field);
        return Rows[row][index];
    }

    private int IndexOf(int row, string field)
    {
        var index = Fields.ToList().IndexOf(field);
        return index >= 0 && row < Rows.Count ? index
            : throw new InvalidDataException($"The query result has no field '{field}' in row {row} " +
                $"(fields: {string.Join(", ", Fields)}; rows: {Rows.Count}).");
    }
}
