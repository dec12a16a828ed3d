namespace EcommerceLake.Contracts;

/// <summary>Event: loading a stream into trusted failed; trusted is unchanged (the MERGE runs in one
/// transaction).</summary>
public sealed record StreamLoadFailed : IStreamMessage
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

    /// <summary>When an <c>error</c> data-quality check failed the load (<see cref="FailureKind.SourceData"/>): every
    /// check's outcome on the rows the rolled-back load would have written, in spec order, the failing ones among
    /// them. Empty for any other failure (and from a warehouse that predates it).</summary>
    public IReadOnlyList<CheckOutcome> Checks { get; init; } = [];
}
