namespace EcommerceLake.Orchestrator.StreamControl;

/// <summary>
/// The operator's switches of one stream (table <c>orchestrator.stream_controls</c>, key source + stream). A stream
/// without a row is not paused and has no full run asked for. Times are UTC.
/// </summary>
public sealed class StreamSwitches
{
    /// <summary>Source name.</summary>
    public string Source { get; set; } = "";

    /// <summary>Stream name.</summary>
    public string Stream { get; set; } = "";

    /// <summary>True while runs skip the stream (shown as <c>Paused</c>, offset untouched).</summary>
    public bool Paused { get; set; }

    /// <summary>Who paused it, while paused.</summary>
    public string? PausedBy { get; set; }

    /// <summary>Why it was paused, while paused.</summary>
    public string? PausedReason { get; set; }

    /// <summary>When it was paused, while paused.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>True until a run has read the stream whole and committed its offset.</summary>
    public bool ForceFull { get; set; }

    /// <summary>Who asked for the full run, while asked for.</summary>
    public string? ForceFullBy { get; set; }

    /// <summary>Why, while asked for.</summary>
    public string? ForceFullReason { get; set; }

    /// <summary>When, while asked for; a run that started the stream before this does not clear it.</summary>
    public DateTimeOffset? ForceFullAt { get; set; }
}
