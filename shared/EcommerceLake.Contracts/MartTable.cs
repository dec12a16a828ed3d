namespace EcommerceLake.Contracts;

/// <summary>
/// One table of the <c>marts</c> dataset and the tables it is computed from (an element of
/// <see cref="MartsLineage.Tables"/>).
/// </summary>
public sealed record MartTable
{
    /// <summary>The table's name in <c>marts</c>, for example <c>order_lines</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The chain that builds it (<see cref="MartsChainName"/>).</summary>
    public required MartsChainName Chain { get; init; }

    /// <summary>Fact table or mart.</summary>
    public required MartTableKind Kind { get; init; }

    /// <summary>The tables its SQL reads directly, schema-qualified and sorted (ordinal):
    /// <c>trusted.{source}_{stream}</c> or <c>marts.{table}</c>; in either warehouse engine.</summary>
    public required IReadOnlyList<string> Reads { get; init; }
}
