namespace EcommerceLake.Contracts;

/// <summary>Event: processing of a stream failed.</summary>
public sealed record StreamProcessingFailed(Guid RunId, string Source, string Stream, string Error) : IStreamMessage;
