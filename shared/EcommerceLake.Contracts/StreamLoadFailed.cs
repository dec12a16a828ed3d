namespace EcommerceLake.Contracts;

/// <summary>Event: loading a stream into trusted failed; trusted is unchanged (the MERGE runs in one transaction).</summary>
public sealed record StreamLoadFailed(Guid RunId, string Source, string Stream, string Error) : IStreamMessage;
