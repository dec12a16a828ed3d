namespace EcommerceLake.Contracts;

/// <summary>
/// Command to the orchestrator: end the run <see cref="RunId"/> now. A running run fails with
/// <see cref="FailureKind.Cancelled"/>: its leases are released, its cluster is deleted and no offset moves (streams
/// already loaded keep the offsets they committed). A run that already ended is left as it is.
/// </summary>
public sealed record CancelRun : IRunMessage
{
    /// <summary>The run to cancel.</summary>
    public required Guid RunId { get; init; }

    /// <summary>The authenticated principal that asked (recorded in the run's error and the audit).</summary>
    public required string RequestedBy { get; init; }

    /// <summary>Why, for people; required by the operations API.</summary>
    public required string Reason { get; init; }
}
