namespace EcommerceLake.Contracts;

/// <summary>Event: the marts were rebuilt.</summary>
public sealed record MartsBuilt : IRunMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Mart table name → its row count after the rebuild.</summary>
    public required IReadOnlyDictionary<string, long> RowCounts { get; init; }

    /// <summary>Wall time of the rebuild, seconds.</summary>
    public required double DurationSeconds { get; init; }
}
