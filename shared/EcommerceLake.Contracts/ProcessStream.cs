namespace EcommerceLake.Contracts;

/// <summary>Command to the processing service: turn a land batch into a typed raw dataset.</summary>
public sealed record ProcessStream : IStreamMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Source name, for example <c>marketplace</c>, <c>reviews</c>, <c>files</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Stream name inside the source, for example <c>orders</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>Lake path of the land batch folder, for example <c>land/marketplace/orders/{run}</c>.</summary>
    public required string LandBatchUri { get; init; }

    /// <summary>True when the land batch holds the whole source table.</summary>
    public required bool IsFullSnapshot { get; init; }
}
