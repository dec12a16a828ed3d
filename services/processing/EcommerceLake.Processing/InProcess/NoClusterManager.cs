namespace EcommerceLake.Processing.InProcess;

/// <summary>The <see cref="IClusterManager"/> of the in-process engine: there is no cluster, so both commands do
/// nothing.</summary>
public sealed class NoClusterManager : IClusterManager
{
    /// <inheritdoc />
    public Task<ProvisionedCluster?> ProvisionAsync(Guid runId, CancellationToken cancellationToken)
        => Task.FromResult<ProvisionedCluster?>(null);

    /// <inheritdoc />
    public Task<ClusterDeletion?> DeleteAsync(Guid runId, CancellationToken cancellationToken)
        => Task.FromResult<ClusterDeletion?>(null);
}
