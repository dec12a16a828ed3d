namespace EcommerceLake.Streams;

/// <summary>Logical column types of a stream spec; each engine maps them to its own (PostgreSQL, BigQuery,
/// Spark).</summary>
public enum ColumnType
{
    /// <summary>UTF-8 text.</summary>
    String,
    /// <summary>32-bit signed integer.</summary>
    Int,
    /// <summary>64-bit signed integer.</summary>
    BigInt,
    /// <summary>Exact decimal (PostgreSQL <c>numeric</c>, BigQuery <c>NUMERIC</c>).</summary>
    Decimal,
    /// <summary>Timestamp without time zone, second precision or finer, written
    /// <c>yyyy-MM-dd HH:mm:ss[.fffffff]</c>.</summary>
    Timestamp,
    /// <summary>Calendar date, written <c>yyyy-MM-dd</c>.</summary>
    Date,
    /// <summary>
    /// A JSON value (RFC 8259), such as a vendor's nested array, kept as the exact text the source gave (PostgreSQL
    /// <c>json</c>, not <c>jsonb</c>, so white space and key order survive byte for byte).
    /// </summary>
    Json,
}
