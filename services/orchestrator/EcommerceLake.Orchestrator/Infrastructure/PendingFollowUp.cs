namespace EcommerceLake.Orchestrator.Infrastructure;

/// <summary>A source's coalesced automatic requests, taken when the run holding the source ends.</summary>
internal sealed class PendingFollowUp
{
    /// <summary>Source name.</summary>
    public string Source { get; set; } = "";

    /// <summary>Trigger of the first coalesced request (for example <c>event:file-arrived</c>).</summary>
    public string Trigger { get; set; } = "";

    /// <summary>Who asked first.</summary>
    public string RequestedBy { get; set; } = "";

    /// <summary>How many requests were coalesced.</summary>
    public int Count { get; set; }
}
