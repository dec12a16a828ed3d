namespace EcommerceLake.Contracts;

/// <summary>
/// Command to the ingestion service: read one stream from its committed offset and write a land batch.
/// </summary>
public sealed record ExtractStream : IStreamMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Source name, for example <c>marketplace</c>, <c>reviews</c>, <c>files</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Stream name inside the source, for example <c>orders</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>The committed offset (connector-specific JSON), or null when the stream has none yet.</summary>
    public string? Offset { get; init; }

    /// <summary>Take a full snapshot whatever the offset.</summary>
    public required bool ForceFull { get; init; }
}
