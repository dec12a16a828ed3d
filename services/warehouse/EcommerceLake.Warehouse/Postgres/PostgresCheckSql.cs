using System.Globalization;
using EcommerceLake.Postgres;
using EcommerceLake.Streams;

namespace EcommerceLake.Warehouse.Postgres;

/// <summary>
/// The SQL of a stream's data-quality checks (<see cref="StreamSpec.Checks"/>) on PostgreSQL, run in the load's
/// transaction after the MERGE. The rows checked are those the load wrote: after an initial load the whole trusted
/// table; after a merge the inserts and updates it classified (temporary table <c>lake_changed</c>, whose values are
/// those written to trusted), so a small change costs no scan of trusted. Accepted values and bounds are spec
/// constants, written as literals (quotes doubled; <c>standard_conforming_strings</c> is on since PostgreSQL 9.1).
/// </summary>
internal sealed class PostgresCheckSql(StreamSpec spec)
{
    private readonly string _key = string.Join(", ", spec.PrimaryKey.Select(PgNames.Quote));

    /// <summary>One row: the rows checked (<c>bigint</c>), then, per check in spec order, its failing rows
    /// (<c>bigint</c>).</summary>
    public string Count(bool initial) =>
        $"SELECT count(*), {string.Join(", ", spec.Checks.Select(c => $"count(*) FILTER (WHERE {Failing(c)})"))} "
        + From(initial);

    /// <summary>Up to <paramref name="limit"/> keys of rows that break <paramref name="check"/>, as text (key columns
    /// joined with <c>|</c>), smallest key first.</summary>
    public string Sample(CheckSpec check, bool initial, int limit) =>
        $"SELECT concat_ws('|', {_key}) {From(initial)} AND {Failing(check)} ORDER BY {_key} LIMIT {limit}";

    private string From(bool initial) => initial
        ? $"FROM {PgNames.Qualified("trusted", spec.Table)} WHERE true"
        : "FROM \"lake_changed\" WHERE \"_change\" <> 'D'";

    /// <summary>The condition a row that breaks <paramref name="check"/> meets.</summary>
    private static string Failing(CheckSpec check)
    {
        var column = PgNames.Quote(check.Column);
        return check.Kind switch
        {
            CheckKind.NotNull => $"{column} IS NULL",
            CheckKind.AcceptedValues =>
                $"{column}::text NOT IN ({string.Join(", ", check.Values.Select(v => $"'{v.Replace("'", "''")}'"))})",
            CheckKind.Range => string.Join(" OR ", new[]
            {
                check.Min is { } min ? $"{column} < {Number(min)}" : null,
                check.Max is { } max ? $"{column} > {Number(max)}" : null,
            }.OfType<string>()) is var outside ? $"({outside})" : "",
            _ => throw new ArgumentOutOfRangeException(nameof(check), check.Kind, "Unknown check kind."),
        };
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
