namespace EcommerceLake.Orchestrator.Clusters;

/// <summary>
/// A processing cluster seen through <c>ClusterProvisioned</c> / <c>ClusterDeleted</c> (table
/// <c>orchestrator.clusters</c>).
/// </summary>
public sealed class ClusterRecord
{
    /// <summary>Cluster name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The run it was provisioned for.</summary>
    public Guid RunId { get; set; }

    /// <summary>
    /// When it became ready (UTC); null while only its deletion is known (events arrive in any order).
    /// </summary>
    public DateTimeOffset? ProvisionedAt { get; set; }

    /// <summary>When it was deleted (UTC), else null (alive).</summary>
    public DateTimeOffset? DeletedAt { get; set; }
}
