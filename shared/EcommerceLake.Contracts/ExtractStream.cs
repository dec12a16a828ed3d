namespace EcommerceLake.Contracts;

/// <summary>
/// Command to the ingestion service: read one stream from its committed offset and write a land batch.
/// </summary>
/// <param name="Offset">The committed offset (connector-specific JSON), or null when the stream has none yet.</param>
/// <param name="ForceFull">Take a full snapshot whatever the offset.</param>
public sealed record ExtractStream(Guid RunId, string Source, string Stream, string? Offset, bool ForceFull)
    : IStreamMessage;
