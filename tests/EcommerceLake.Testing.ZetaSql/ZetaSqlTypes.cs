using Zetasql;

namespace EcommerceLake.Testing.ZetaSql;

/// <summary>GoogleSQL type names as BigQuery's REST API spells them, as ZetaSQL <see cref="TypeProto"/>s
/// (zetasql/public/type.proto).</summary>
public static class ZetaSqlTypes
{
    /// <summary>
    /// The type named <paramref name="name"/>: STRING, BYTES, INT64/INTEGER, FLOAT64/FLOAT, BOOL/BOOLEAN, NUMERIC,
    /// BIGNUMERIC, DATE, DATETIME, TIME, TIMESTAMP, JSON, GEOGRAPHY, INTERVAL, or <c>ARRAY&lt;…&gt;</c> of one of them.
    /// </summary>
    /// <exception cref="ArgumentException">Another type (STRUCT/RECORD is not needed by the engine).</exception>
    public static TypeProto Of(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        if (upper.StartsWith("ARRAY<", StringComparison.Ordinal) && upper.EndsWith('>'))
            return new TypeProto
            {
                TypeKind = TypeKind.TypeArray,
                ArrayType = new ArrayTypeProto { ElementType = Of(upper[6..^1]) },
            };
        return new TypeProto
        {
            TypeKind = upper switch
            {
                "STRING" => TypeKind.TypeString,
                "BYTES" => TypeKind.TypeBytes,
                "INT64" or "INTEGER" => TypeKind.TypeInt64,
                "FLOAT64" or "FLOAT" => TypeKind.TypeDouble,
                "BOOL" or "BOOLEAN" => TypeKind.TypeBool,
                "NUMERIC" or "DECIMAL" => TypeKind.TypeNumeric,
                "BIGNUMERIC" or "BIGDECIMAL" => TypeKind.TypeBignumeric,
                "DATE" => TypeKind.TypeDate,
                "DATETIME" => TypeKind.TypeDatetime,
                "TIME" => TypeKind.TypeTime,
                "TIMESTAMP" => TypeKind.TypeTimestamp,
                "JSON" => TypeKind.TypeJson,
                "GEOGRAPHY" => TypeKind.TypeGeography,
                "INTERVAL" => TypeKind.TypeInterval,
                _ => throw new ArgumentException($"No ZetaSQL type for BigQuery type '{name}'.", nameof(name)),
            },
        };
    }

    /// <summary>The GoogleSQL spelling of <paramref name="type"/> (for messages and DECLARE checks).</summary>
    public static string Name(TypeProto type) => type.TypeKind switch
    {
        TypeKind.TypeArray => $"ARRAY<{Name(type.ArrayType.ElementType)}>",
        TypeKind.TypeStruct =>
            $"STRUCT<{string.Join(", ", type.StructType.Field.Select(f => $"{f.FieldName} {Name(f.FieldType)}"))}>",
        TypeKind.TypeDouble => "FLOAT64",
        TypeKind.TypeBignumeric => "BIGNUMERIC",
        var kind => kind.ToString()["Type".Length..].ToUpperInvariant(),
    };
}
