namespace EcommerceLake.Contracts;

/// <summary>Command to the warehouse service: append a raw batch to the raw layer and MERGE it into trusted.</summary>
public sealed record LoadStream : IStreamMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Source name, for example <c>marketplace</c>, <c>reviews</c>, <c>files</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Stream name inside the source, for example <c>orders</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>Lake path of the raw batch folder, for example <c>raw/marketplace/orders/{run}</c>.</summary>
    public required string RawBatchUri { get; init; }

    /// <summary>
    /// True when the batch holds the whole source table (trusted rows absent from it are deleted by the
    /// MERGE).
    /// </summary>
    public required bool IsFullSnapshot { get; init; }
}
