namespace EcommerceLake.Contracts;

/// <summary>Event: building the marts failed.</summary>
public sealed record MartsBuildFailed : IRunMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>The chain whose build failed, as <see cref="BuildMarts.Chain"/> asked; null for every chain.</summary>
    public MartsChainName? Chain { get; init; }

    /// <summary>What went wrong, for people (an exception message; never secrets).</summary>
    public required string Error { get; init; }

    /// <summary>What kind of failure it was (<see cref="FailureKind"/>); events from services older than the kind
    /// read as <see cref="FailureKind.Internal"/>.</summary>
    public FailureKind Kind { get; init; } = FailureKind.Internal;
}
