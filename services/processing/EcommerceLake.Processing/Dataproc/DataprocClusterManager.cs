namespace EcommerceLake.Processing.Dataproc;

/// <summary>The run's ephemeral Dataproc cluster as an <see cref="IClusterManager"/>, over
/// <see cref="DataprocClusters"/>.</summary>
public sealed class DataprocClusterManager(DataprocClusters clusters, TimeProvider time) : IClusterManager
{
    /// <inheritdoc />
    /// <exception cref="DataprocException">The cluster reached ERROR; the message carries its
    /// <c>status.detail</c>.</exception>
    /// <exception cref="TimeoutException">Not RUNNING within
    /// <c>Processing:Dataproc:ClusterReadyTimeoutMinutes</c>.</exception>
    public async Task<ProvisionedCluster?> ProvisionAsync(Guid runId, CancellationToken cancellationToken)
    {
        await clusters.CreateAsync(runId, cancellationToken);
        var cluster = await clusters.WaitUntilRunningAsync(clusters.NameOf(runId), cancellationToken);
        return new ProvisionedCluster(cluster.Name, time.GetUtcNow());
    }

    /// <inheritdoc />
    /// <exception cref="DataprocException">The delete operation failed.</exception>
    /// <exception cref="TimeoutException">The cluster was not gone within
    /// <c>Processing:Dataproc:ClusterReadyTimeoutMinutes</c>.</exception>
    public async Task<ClusterDeletion?> DeleteAsync(Guid runId, CancellationToken cancellationToken)
    {
        var deleted = await clusters.DeleteAsync(runId, cancellationToken);
        return new ClusterDeletion(clusters.NameOf(runId), deleted, time.GetUtcNow());
    }
}
