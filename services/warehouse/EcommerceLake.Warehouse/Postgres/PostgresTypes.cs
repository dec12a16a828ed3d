using EcommerceLake.Streams;

namespace EcommerceLake.Warehouse.Postgres;

/// <summary>Maps the logical column types of a stream spec to PostgreSQL types.</summary>
public static class PostgresTypes
{
    /// <summary>
    /// The PostgreSQL type of <paramref name="type"/>: string → <c>text</c>, int → <c>integer</c>, bigint →
    /// <c>bigint</c>, decimal → <c>numeric</c>, timestamp → <c>timestamp</c> (without time zone), date →
    /// <c>date</c>, json → <c>json</c> (not <c>jsonb</c>: <c>json</c> stores the input text as is, so nested vendor
    /// payloads survive byte for byte).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An unknown type.</exception>
    public static string Of(ColumnType type) => type switch
    {
        ColumnType.String => "text",
        ColumnType.Int => "integer",
        ColumnType.BigInt => "bigint",
        ColumnType.Decimal => "numeric",
        ColumnType.Timestamp => "timestamp",
        ColumnType.Date => "date",
        ColumnType.Json => "json",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown column type."),
    };

    /// <summary>True for the types PostgreSQL has no equality operator for (<c>json</c>): compare them as
    /// text.</summary>
    public static bool ComparesAsText(ColumnType type) => type is ColumnType.Json;

    /// <summary>True for the numeric types (int, bigint, decimal), the ones a measure can have.</summary>
    public static bool IsNumeric(ColumnType type) => type is ColumnType.Int or ColumnType.BigInt or ColumnType.Decimal;
}
