using System.Text.Json.Serialization;

namespace EcommerceLake.Streams;

/// <summary>One column of a stream: name as in the source, logical type, nullability, and whether it is a numeric
/// measure.</summary>
/// <param name="Name">Column name exactly as the source spells it (typos such as <c>product_name_lenght</c> are
/// kept).</param>
/// <param name="Type">Logical type.</param>
/// <param name="Nullable">False for key columns; a null there rejects the row.</param>
/// <param name="Measure">A numeric measure: with <see cref="CleaningRules.EmptyMeasureAsZero"/> a missing value becomes
/// 0 in trusted.</param>
public sealed record ColumnSpec(
    string Name,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ColumnType>))] ColumnType Type,
    bool Nullable = true,
    bool Measure = false);
