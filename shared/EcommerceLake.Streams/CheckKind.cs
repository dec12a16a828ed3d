namespace EcommerceLake.Streams;

/// <summary>What a data-quality check (<see cref="CheckSpec"/>) asserts of one column of the trusted rows a load
/// writes. The names follow dbt's generic tests (<c>not_null</c>, <c>accepted_values</c>) and Great Expectations'
/// <c>expect_column_values_to_be_between</c>; in a spec file they are written in camelCase.</summary>
public enum CheckKind
{
    /// <summary>The column holds a value in every row.</summary>
    NotNull,

    /// <summary>The column's value, where present, is one of <see cref="CheckSpec.Values"/> (compared as text,
    /// case-sensitive). A null passes; pair it with <see cref="NotNull"/> to forbid nulls.</summary>
    AcceptedValues,

    /// <summary>The column's numeric value, where present, lies within <see cref="CheckSpec.Min"/> and
    /// <see cref="CheckSpec.Max"/> (both inclusive, either may be left out). A null passes.</summary>
    Range,
}
