namespace EcommerceLake.Orchestrator.Offsets;

/// <summary>
/// The offset a stream has reached in trusted (table <c>orchestrator.committed_offsets</c>, key source + stream).
/// The next run extracts from here. Written only in the saga's transaction that marks the stream loaded.
/// </summary>
public sealed class CommittedOffset
{
    /// <summary>Source name.</summary>
    public string Source { get; set; } = "";

    /// <summary>Stream name.</summary>
    public string Stream { get; set; } = "";

    /// <summary>Connector-specific offset (opaque JSON text).</summary>
    public string Offset { get; set; } = "";

    /// <summary>The run that committed it.</summary>
    public Guid RunId { get; set; }

    /// <summary>When it was committed (UTC).</summary>
    public DateTimeOffset CommittedAt { get; set; }
}
