namespace EcommerceLake.Orchestrator.Admission;

/// <summary>
/// A source held by an active run (table <c>orchestrator.source_leases</c>, key source). Admission inserts it;
/// the run saga deletes it when the run completes or fails, in the same transaction as the final state.
/// </summary>
public sealed class SourceLease
{
    /// <summary>Source name.</summary>
    public string Source { get; set; } = "";

    /// <summary>The run holding the source.</summary>
    public Guid RunId { get; set; }

    /// <summary>When the lease was taken (UTC).</summary>
    public DateTimeOffset AcquiredAt { get; set; }
}
