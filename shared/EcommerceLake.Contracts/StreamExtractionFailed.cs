namespace EcommerceLake.Contracts;

/// <summary>Event: extraction of a stream failed; nothing was committed.</summary>
public sealed record StreamExtractionFailed(Guid RunId, string Source, string Stream, string Error) : IStreamMessage;
