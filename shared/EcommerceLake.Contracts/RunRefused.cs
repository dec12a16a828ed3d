namespace EcommerceLake.Contracts;

/// <summary>Event: a run request was refused.</summary>
public sealed record RunRefused : IRunMessage
{
    /// <summary>The run that was asked for (the request's idempotency key).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Source names the request asked for.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Why, for people (for example the active run that holds a source).</summary>
    public required string Reason { get; init; }

    /// <summary>The active run that holds a requested source, when that is the reason; else null.</summary>
    public Guid? ActiveRunId { get; init; }
}
