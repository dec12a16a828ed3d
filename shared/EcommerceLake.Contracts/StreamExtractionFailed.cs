namespace EcommerceLake.Contracts;

/// <summary>Event: extraction of a stream failed; nothing was committed.</summary>
public sealed record StreamExtractionFailed : IStreamMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Source name, for example <c>marketplace</c>, <c>reviews</c>, <c>files</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Stream name inside the source, for example <c>orders</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>What went wrong, for people (an exception message; never secrets).</summary>
    public required string Error { get; init; }

    /// <summary>What kind of failure it was (<see cref="FailureKind"/>); events from services older than the kind
    /// read as <see cref="FailureKind.Internal"/>.</summary>
    public FailureKind Kind { get; init; } = FailureKind.Internal;
}
