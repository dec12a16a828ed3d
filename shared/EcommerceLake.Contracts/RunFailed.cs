namespace EcommerceLake.Contracts;

/// <summary>Event: the run ended with at least one failed step; offsets of streams that did not reach trusted are
/// unchanged.</summary>
public sealed record RunFailed : IRunMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Source names the run covered.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Why the run failed, for people.</summary>
    public required string Reason { get; init; }

    /// <summary>When the run failed (UTC).</summary>
    public required DateTimeOffset FailedAt { get; init; }
}
