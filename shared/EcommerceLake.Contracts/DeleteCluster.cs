namespace EcommerceLake.Contracts;

/// <summary>
/// Command to the processing service, sent by the run saga when a run ends in any outcome (completed or failed):
/// delete the run's cluster. Deleting a cluster that is already gone, or was never created, counts as done; the
/// service answers with <see cref="ClusterDeleted"/> when it deleted one. Idempotent.
/// </summary>
public sealed record DeleteCluster : IRunMessage
{
    /// <summary>The run whose cluster is deleted.</summary>
    public required Guid RunId { get; init; }

    /// <summary>
    /// Why: the run <see cref="RunOutcome.Completed"/> or <see cref="RunOutcome.Failed"/>, for logs; on the wire
    /// <c>completed</c> or <c>failed</c> as before.
    /// </summary>
    public required RunOutcome Outcome { get; init; }
}
