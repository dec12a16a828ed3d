namespace EcommerceLake.Contracts;

/// <summary>Event: the processing service deleted a cluster (deleting one that was already gone counts as
/// deleted).</summary>
public sealed record ClusterDeleted : IRunMessage
{
    /// <summary>The run the cluster was provisioned for.</summary>
    public required Guid RunId { get; init; }

    /// <summary>The cluster's name.</summary>
    public required string ClusterName { get; init; }

    /// <summary>When it was deleted (UTC).</summary>
    public required DateTimeOffset DeletedAt { get; init; }
}
