namespace EcommerceLake.Contracts;

/// <summary>Event: the stream's batch is in trusted.</summary>
public sealed record StreamLoaded : IStreamMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Source name, for example <c>marketplace</c>, <c>reviews</c>, <c>files</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Stream name inside the source, for example <c>orders</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>Rows appended to the raw table by this batch.</summary>
    public required long RawRowCount { get; init; }

    /// <summary>Rows in the trusted table after the MERGE.</summary>
    public required long TrustedRowCount { get; init; }

    /// <summary>Rows the MERGE inserted into trusted.</summary>
    public required long Inserted { get; init; }

    /// <summary>Rows the MERGE updated in trusted (a newer change version of a known key).</summary>
    public required long Updated { get; init; }

    /// <summary>Rows the MERGE deleted from trusted (deleted at the source, or absent from a full snapshot).</summary>
    public required long Deleted { get; init; }

    /// <summary>Wall time of the load (raw append and MERGE), seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>The stream's data-quality checks as they ran on the rows this load wrote, in spec order; empty when
    /// the spec declares none (and from a warehouse that predates checks).</summary>
    public IReadOnlyList<CheckOutcome> Checks { get; init; } = [];
}
