namespace EcommerceLake.Orchestrator.Offsets;

/// <summary>One operator reset of a committed offset (table <c>orchestrator.offset_audit</c>).</summary>
public sealed class OffsetAuditEntry
{
    /// <summary>Sequence number.</summary>
    public long Id { get; set; }

    /// <summary>Source name.</summary>
    public string Source { get; set; } = "";

    /// <summary>Stream name.</summary>
    public string Stream { get; set; } = "";

    /// <summary>The committed offset before the reset, null when there was none.</summary>
    public string? OldOffset { get; set; }

    /// <summary>The committed offset after the reset, null when it was deleted (next run from scratch).</summary>
    public string? NewOffset { get; set; }

    /// <summary>Who asked.</summary>
    public string RequestedBy { get; set; } = "";

    /// <summary>Why.</summary>
    public string Reason { get; set; } = "";

    /// <summary>When (UTC).</summary>
    public DateTimeOffset ResetAt { get; set; }
}
