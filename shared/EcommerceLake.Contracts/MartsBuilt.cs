namespace EcommerceLake.Contracts;

/// <summary>Event: the marts of a chain (or of every chain) were built.</summary>
public sealed record MartsBuilt : IRunMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>The chain built, as <see cref="BuildMarts.Chain"/> asked; null for every chain.</summary>
    public MartsChainName? Chain { get; init; }

    /// <summary>Mart table name → its row count after the build (the chain's marts only).</summary>
    public required IReadOnlyDictionary<string, long> RowCounts { get; init; }

    /// <summary>Wall time of the rebuild, seconds.</summary>
    public required double DurationSeconds { get; init; }
}
