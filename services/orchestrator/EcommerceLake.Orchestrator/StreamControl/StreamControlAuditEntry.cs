namespace EcommerceLake.Orchestrator.StreamControl;

/// <summary>One operator action on a stream's switches (table <c>orchestrator.stream_control_audit</c>).</summary>
public sealed class StreamControlAuditEntry
{
    /// <summary>Sequence number.</summary>
    public long Id { get; set; }

    /// <summary>Source name.</summary>
    public string Source { get; set; } = "";

    /// <summary>Stream name.</summary>
    public string Stream { get; set; } = "";

    /// <summary>What was done.</summary>
    public StreamControlAction Action { get; set; }

    /// <summary>Who asked.</summary>
    public string RequestedBy { get; set; } = "";

    /// <summary>Why.</summary>
    public string Reason { get; set; } = "";

    /// <summary>When (UTC).</summary>
    public DateTimeOffset RequestedAt { get; set; }
}
