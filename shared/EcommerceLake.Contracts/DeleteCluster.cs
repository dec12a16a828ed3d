namespace EcommerceLake.Contracts;

/// <summary>
/// Command to the processing service, sent by the run saga when a run ends in any outcome (completed or failed):
/// delete the run's cluster. Deleting a cluster that is already gone, or was never created, counts as done; the
/// service answers with <see cref="ClusterDeleted"/> when it deleted one. Idempotent.
/// </summary>
/// <param name="RunId">The run whose cluster is deleted.</param>
/// <param name="Outcome">Why: <c>completed</c> or <c>failed</c>, for logs.</param>
public sealed record DeleteCluster(Guid RunId, string Outcome) : IRunMessage;
