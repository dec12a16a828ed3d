using EcommerceLake.Streams;

namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// Maps the logical column types of a stream spec to BigQuery's GoogleSQL types
/// (https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types).
/// </summary>
public static class BigQueryTypes
{
    /// <summary>
    /// The BigQuery type of <paramref name="type"/>: string → <c>STRING</c>, int and bigint → <c>INT64</c>, decimal
    /// → <c>BIGNUMERIC</c>, timestamp → <c>DATETIME</c>, date → <c>DATE</c>, json → <c>STRING</c>.
    /// <para>
    /// decimal is <c>BIGNUMERIC</c> (76 digits, 38 after the point), not <c>NUMERIC</c> (38 digits, 9 after the point):
    /// every value the lake carries (a .NET <see cref="decimal"/>: at most 29 integer and 28 fractional digits) fits it
    /// exactly, as it fits PostgreSQL's <c>numeric</c>, whereas a cast to <c>NUMERIC</c> rounds a tenth fractional
    /// digit away without an error. The cost is 32 bytes per value instead of 16.
    /// </para>
    /// <para>
    /// timestamp is <c>DATETIME</c> because the lake's timestamps have no time zone (PostgreSQL <c>timestamp</c>, not
    /// <c>timestamptz</c>); BigQuery keeps microseconds, so a seventh fractional digit is truncated at load.
    /// </para>
    /// <para>
    /// json is <c>STRING</c>: BigQuery's <c>JSON</c> type parses and re-serializes the text (key order, white space and
    /// number spelling change), whereas the lake keeps the vendor's text byte for byte, as PostgreSQL's <c>json</c>
    /// does. Query it with <c>JSON_VALUE</c>/<c>PARSE_JSON</c>.
    /// </para>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An unknown type.</exception>
    public static string Of(ColumnType type) => type switch
    {
        ColumnType.String => "STRING",
        ColumnType.Int => "INT64",
        ColumnType.BigInt => "INT64",
        ColumnType.Decimal => "BIGNUMERIC",
        ColumnType.Timestamp => "DATETIME",
        ColumnType.Date => "DATE",
        ColumnType.Json => "STRING",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown column type."),
    };

    /// <summary>True for the numeric types (int, bigint, decimal), the ones a measure can have.</summary>
    public static bool IsNumeric(ColumnType type) => type is ColumnType.Int or ColumnType.BigInt or ColumnType.Decimal;

    /// <summary>
    /// The standard name of a type as <c>tables.get</c> spells it: the REST API answers legacy names (<c>INTEGER</c>,
    /// <c>BOOLEAN</c>, <c>FLOAT</c>) for <c>INT64</c>, <c>BOOL</c> and <c>FLOAT64</c>.
    /// </summary>
    public static string Normalize(string? type) => type?.ToUpperInvariant() switch
    {
        "INTEGER" => "INT64",
        "BOOLEAN" => "BOOL",
        "FLOAT" => "FLOAT64",
        var t => t ?? "",
    };
}
