namespace EcommerceLake.Contracts;

/// <summary>
/// Event: the processing service has a compute cluster running for a run (Dataproc in the cloud). The orchestrator
/// watches its uptime and raises a <c>cluster-uptime</c> alert when it lives longer than
/// <c>Alerts:ClusterUptimeThreshold</c>.
/// </summary>
public sealed record ClusterProvisioned : IRunMessage
{
    /// <summary>The run the cluster was provisioned for.</summary>
    public required Guid RunId { get; init; }

    /// <summary>The cluster's name (unique while it lives).</summary>
    public required string ClusterName { get; init; }

    /// <summary>When it became ready (UTC); uptime is counted from here.</summary>
    public required DateTimeOffset ProvisionedAt { get; init; }
}
