namespace EcommerceLake.Contracts;

/// <summary>
/// Event: the processing service has a compute cluster running for a run (Dataproc in the cloud). The orchestrator
/// watches its uptime and raises a <c>cluster-uptime</c> alert when it lives longer than
/// <c>Alerts:ClusterUptimeThreshold</c>.
/// </summary>
/// <param name="RunId">The run the cluster was provisioned for.</param>
/// <param name="ClusterName">The cluster's name (unique while it lives).</param>
/// <param name="ProvisionedAt">When it became ready (UTC); uptime is counted from here.</param>
public sealed record ClusterProvisioned(Guid RunId, string ClusterName, DateTimeOffset ProvisionedAt) : IRunMessage;
