using System.Globalization;
using System.Text;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Streams;
using EcommerceLake.Warehouse.Checks;

namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// The data-quality checks of a stream (<see cref="StreamSpec.Checks"/>) in its BigQuery load script
/// (<see cref="BigQueryMergeSql.LoadScript"/>), run in the load's transaction after the MERGE, as the PostgreSQL
/// engine runs them. The rows checked are those the load wrote: the trusted rows whose <c>_run_id</c> is
/// <c>@run_id</c>, which the MERGE sets on every row it inserts or updates. Script variables
/// (https://cloud.google.com/bigquery/docs/reference/standard-sql/procedural-language) carry the results to the
/// script's last SELECT: <c>lake_checked_rows</c> (INT64), then per check <c>i</c> in spec order
/// <c>lake_check_{i}_failing</c> (INT64) and <c>lake_check_{i}_sample</c> (STRING: a JSON array of up to
/// <see cref="CheckOutcomes.SampleSize"/> failing keys, key columns cast to STRING and joined with <c>|</c>, smallest
/// key first; <c>[]</c> when none fails, as the keys are read only for a failing check). A load whose
/// <c>error</c> check failed ends its transaction with <c>ROLLBACK TRANSACTION</c> instead of
/// <c>COMMIT TRANSACTION</c> (<see cref="Blocking"/>; https://cloud.google.com/bigquery/docs/transactions).
/// <para>
/// The failing conditions: not null, <c>column IS NULL</c>; accepted values, <c>CAST(column AS STRING) NOT IN (…)</c>
/// (BigQuery's text of a value: a decimal has no trailing zeros, unlike PostgreSQL's <c>::text</c>); range,
/// <c>column &lt; min OR column &gt; max</c>. A null passes the last two (COUNTIF counts only TRUE). Accepted values
/// and bounds are spec constants written as literals: values as quoted GoogleSQL strings with backslash, quote and
/// control characters escaped
/// (https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#string_and_bytes_literals),
/// bounds in invariant culture, an integral one as an INT64 literal, another as a <c>BIGNUMERIC</c> literal (exact,
/// as every value a spec can hold fits it).
/// </para>
/// </summary>
internal sealed class BigQueryCheckSql
{
    /// <summary>The result field of the rows checked.</summary>
    public const string CheckedRowsField = "checked_rows";

    private static readonly string RunId = BigQueryNames.Quote("_run_id");

    private readonly StreamSpec _spec;
    private readonly string _trustedTable;
    private readonly string[] _keys;

    /// <summary>The checks of <paramref name="spec"/>, reading <paramref name="trustedTable"/>
    /// (<c>`dataset`.`table`</c>).</summary>
    /// <exception cref="ArgumentException">A column name is not a safe identifier.</exception>
    public BigQueryCheckSql(StreamSpec spec, string trustedTable)
    {
        _spec = spec;
        _trustedTable = trustedTable;
        _keys = spec.PrimaryKey.Select(k => "t." + BigQueryNames.Quote(k)).ToArray();
        Blocking = spec.Checks.Select((c, i) => (c, i)).Where(x => x.c.Severity == CheckSeverity.Error)
            .Select(x => $"{Failing(x.i)} > 0").ToList() is { Count: > 0 } errors
            ? string.Join(" OR ", errors)
            : null;
    }

    /// <summary>The result field of check <paramref name="index"/>'s failing rows (INT64).</summary>
    public static string FailingField(int index) => $"check_{index}_failing";

    /// <summary>The result field of check <paramref name="index"/>'s sample keys (STRING, a JSON array).</summary>
    public static string SampleField(int index) => $"check_{index}_sample";

    /// <summary>The BOOL condition of the script that an <c>error</c> check failed, such as
    /// <c>lake_check_0_failing &gt; 0 OR lake_check_2_failing &gt; 0</c>; null when the spec has no error
    /// check.</summary>
    public string? Blocking { get; }

    /// <summary>The DECLARE statements of the check variables, one a line, each after a line break; empty without
    /// checks.</summary>
    public string Declarations()
    {
        if (_spec.Checks.Count == 0) return "";
        var text = new StringBuilder("\nDECLARE lake_checked_rows INT64 DEFAULT 0;");
        for (var i = 0; i < _spec.Checks.Count; i++)
            text.Append(CultureInfo.InvariantCulture, $"\nDECLARE {Failing(i)} INT64 DEFAULT 0;")
                .Append(CultureInfo.InvariantCulture, $"\nDECLARE {Sample(i)} STRING DEFAULT '[]';");
        return text.ToString();
    }

    /// <summary>
    /// The statements that run the checks, for the transaction after the MERGE: one <c>SET (…) = (SELECT AS STRUCT
    /// COUNT(*), COUNTIF(…), …)</c> over the rows of this run, then per check an <c>IF … THEN SET … END IF</c> that
    /// samples the keys of a failing one. Each statement ends with a blank line; empty without checks.
    /// </summary>
    public string Statements()
    {
        if (_spec.Checks.Count == 0) return "";
        var variables = string.Join(", ", Enumerable.Range(0, _spec.Checks.Count).Select(Failing)
            .Prepend("lake_checked_rows"));
        var counts = string.Join(",\n", _spec.Checks.Select(c => $"        COUNTIF({Condition(c)})")
            .Prepend("        COUNT(*)"));
        var text = new StringBuilder($"""
            -- The stream's data-quality checks over the rows this load inserted or updated (_run_id is this run's).
            SET ({variables}) = (
                SELECT AS STRUCT
            {counts}
                FROM {_trustedTable} AS t
                WHERE t.{RunId} = @run_id);

            """).Append('\n');
        var key = _keys.Length == 1
            ? $"CAST({_keys[0]} AS STRING)"
            : $"CONCAT({string.Join(", '|', ", _keys.Select(k => $"CAST({k} AS STRING)"))})";
        for (var i = 0; i < _spec.Checks.Count; i++)
            text.Append(CultureInfo.InvariantCulture, $"""
                IF {Failing(i)} > 0 THEN
                    SET {Sample(i)} = TO_JSON_STRING(ARRAY(
                        SELECT {key}
                        FROM {_trustedTable} AS t
                        WHERE t.{RunId} = @run_id AND {Condition(_spec.Checks[i])}
                        ORDER BY {string.Join(", ", _keys)}
                        LIMIT {CheckOutcomes.SampleSize}));
                END IF;

                """).Append('\n');
        return text.ToString();
    }

    /// <summary>The check fields for the script's last SELECT, each item after a comma and a line break:
    /// <c>checked_rows</c>, then <c>check_{i}_failing</c> and <c>check_{i}_sample</c> per check; empty without
    /// checks.</summary>
    public string SelectList() => string.Concat(Enumerable.Range(0, _spec.Checks.Count)
        .Select(i => $",\n    {Failing(i)} AS {FailingField(i)}, {Sample(i)} AS {SampleField(i)}")
        .Prepend(_spec.Checks.Count == 0 ? "" : $",\n    lake_checked_rows AS {CheckedRowsField}"));

    /// <summary>
    /// The outcomes of <paramref name="spec"/>'s checks from the first row of its load script's result (the fields of
    /// <see cref="SelectList"/>), in spec order; empty when the spec has none.
    /// </summary>
    /// <exception cref="InvalidDataException">A check field is missing, not an integer, or a sample is neither a JSON
    /// array of strings nor null.</exception>
    public static IReadOnlyList<CheckOutcome> Outcomes(StreamSpec spec, BigQueryQueryResult result)
    {
        if (spec.Checks.Count == 0) return [];
        var checkedRows = result.Int64(0, CheckedRowsField);
        return spec.Checks.Select((check, i) => CheckOutcomes.Of(check, checkedRows, result.Int64(0, FailingField(i)),
            SampleKeys(result.String(0, SampleField(i)), SampleField(i)))).ToList();
    }

    /// <summary><paramref name="value"/> as a quoted GoogleSQL string literal: backslash and single quote escaped
    /// with a backslash, control characters (newlines included, which a quoted literal cannot hold) as
    /// <c>\uXXXX</c>.</summary>
    public static string StringLiteral(string value)
    {
        var text = new StringBuilder("'");
        foreach (var c in value)
        {
            if (c is '\\' or '\'') text.Append('\\').Append(c);
            else if (char.IsControl(c)) text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else text.Append(c);
        }
        return text.Append('\'').ToString();
    }

    /// <summary><paramref name="value"/> as a GoogleSQL numeric literal: an integral value within INT64 as an integer
    /// (<c>0</c>, <c>-3</c>), another as <c>BIGNUMERIC '0.5'</c>.</summary>
    public static string Number(decimal value) =>
        value == decimal.Truncate(value) && value is >= long.MinValue and <= long.MaxValue
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : $"BIGNUMERIC '{value.ToString(CultureInfo.InvariantCulture)}'";

    private static string Failing(int index) => $"lake_check_{index}_failing";

    private static string Sample(int index) => $"lake_check_{index}_sample";

    /// <summary>The condition a trusted row (alias <c>t</c>) that breaks <paramref name="check"/> meets.</summary>
    private static string Condition(CheckSpec check)
    {
        var column = "t." + BigQueryNames.Quote(check.Column);
        return check.Kind switch
        {
            CheckKind.NotNull => $"{column} IS NULL",
            CheckKind.AcceptedValues =>
                $"CAST({column} AS STRING) NOT IN ({string.Join(", ", check.Values.Select(StringLiteral))})",
            CheckKind.Range => "(" + string.Join(" OR ", new[]
            {
                check.Min is { } min ? $"{column} < {Number(min)}" : null,
                check.Max is { } max ? $"{column} > {Number(max)}" : null,
            }.OfType<string>()) + ")",
            _ => throw new ArgumentOutOfRangeException(nameof(check), check.Kind, "Unknown check kind."),
        };
    }

    private static IReadOnlyList<string> SampleKeys(string? json, string field)
    {
        if (json is null) return [];
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Null) return [];
            return document.RootElement.EnumerateArray().Select(e => e.GetString()
                ?? throw new InvalidDataException($"Field '{field}' of the query result holds a null key.")).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"Field '{field}' of the query result is '{json}', not a JSON array of " +
                "strings.", e);
        }
    }
}
