namespace EcommerceLake.Processing;

/// <summary>
/// Port of the compute cluster of a run, driven by the run saga's <c>ProvisionCluster</c> and <c>DeleteCluster</c>.
/// Adapters: <see cref="InProcess.NoClusterManager"/> (the in-process engine has no cluster) and
/// <see cref="Dataproc.DataprocClusterManager"/> (an ephemeral Dataproc cluster per run).
/// </summary>
public interface IClusterManager
{
    /// <summary>Makes the run's cluster ready: requests it (idempotently) and waits until it runs.</summary>
    /// <returns>The ready cluster, or null when the engine has no clusters.</returns>
    /// <exception cref="Exception">The adapter's failures (for Dataproc: <see cref="Dataproc.DataprocException"/> with
    /// the cluster's detail, <see cref="TimeoutException"/>,
    /// <see cref="EcommerceLake.Google.GoogleApiException"/>).</exception>
    Task<ProvisionedCluster?> ProvisionAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Deletes the run's cluster and waits until it is gone. Idempotent: a cluster already gone is not an
    /// error.</summary>
    /// <returns>What happened, or null when the engine has no clusters.</returns>
    /// <exception cref="Exception">The adapter's failures; the caller must not swallow them (the cluster would keep
    /// costing).</exception>
    Task<ClusterDeletion?> DeleteAsync(Guid runId, CancellationToken cancellationToken);
}

/// <summary>A run's cluster that is ready for jobs.</summary>
/// <param name="ClusterName">The cluster's name.</param>
/// <param name="ReadyAt">When it was seen ready (UTC).</param>
public sealed record ProvisionedCluster(string ClusterName, DateTimeOffset ReadyAt);

/// <summary>The outcome of deleting a run's cluster.</summary>
/// <param name="ClusterName">The cluster's name.</param>
/// <param name="WasPresent">True when this service deleted it (now or by an earlier request with the same id); false
/// when it did not exist (404: never created, or removed by its idle TTL).</param>
/// <param name="DeletedAt">When it was confirmed gone (UTC).</param>
public sealed record ClusterDeletion(string ClusterName, bool WasPresent, DateTimeOffset DeletedAt);
