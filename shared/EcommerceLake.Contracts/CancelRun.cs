namespace EcommerceLake.Contracts;

/// <summary>
/// Command to the orchestrator: end the run <paramref name="RunId"/> now. A running run fails with
/// <see cref="FailureKind.Cancelled"/>: its leases are released, its cluster is deleted and no offset moves (streams
/// already loaded keep the offsets they committed). A run that already ended is left as it is.
/// </summary>
/// <param name="RunId">The run to cancel.</param>
/// <param name="RequestedBy">The authenticated principal that asked (recorded in the run's error and the
/// audit).</param>
/// <param name="Reason">Why, for people; required by the operations API.</param>
public sealed record CancelRun(Guid RunId, string RequestedBy, string Reason) : IRunMessage;
