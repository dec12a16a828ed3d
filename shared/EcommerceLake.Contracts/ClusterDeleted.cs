namespace EcommerceLake.Contracts;

/// <summary>Event: the processing service deleted a cluster (deleting one that was already gone counts as
/// deleted).</summary>
/// <param name="RunId">The run the cluster was provisioned for.</param>
/// <param name="ClusterName">The cluster's name.</param>
/// <param name="DeletedAt">When it was deleted (UTC).</param>
public sealed record ClusterDeleted(Guid RunId, string ClusterName, DateTimeOffset DeletedAt) : IRunMessage;
