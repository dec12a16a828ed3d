namespace EcommerceLake.Contracts;

/// <summary>
/// Command to the processing service, sent by the run saga when a run starts: have compute ready for this run's
/// processing jobs, so that a cluster (Dataproc in the cloud) boots while extraction runs. An engine without clusters
/// (the in-process one) does nothing. Idempotent: a second delivery finds the cluster already requested.
/// </summary>
public sealed record ProvisionCluster : IRunMessage
{
    /// <summary>The run the cluster is for; the cluster's name and labels derive from it.</summary>
    public required Guid RunId { get; init; }
}
