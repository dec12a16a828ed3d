namespace EcommerceLake.Contracts;

/// <summary>Event: a raw batch for the stream is complete.</summary>
public sealed record StreamProcessed : IStreamMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Source name, for example <c>marketplace</c>, <c>reviews</c>, <c>files</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Stream name inside the source, for example <c>orders</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>Lake path of the raw batch folder, for example <c>raw/marketplace/orders/{run}</c>.</summary>
    public required string RawBatchUri { get; init; }

    /// <summary>Typed rows written to raw.</summary>
    public required long RowCount { get; init; }

    /// <summary>Land rows that failed typing, quarantined with their reason.</summary>
    public required long RejectedCount { get; init; }

    /// <summary>
    /// True when the batch holds the whole source table (rows absent from it are deleted downstream).
    /// </summary>
    public required bool IsFullSnapshot { get; init; }

    /// <summary>Wall time of the processing, seconds.</summary>
    public required double DurationSeconds { get; init; }
}
