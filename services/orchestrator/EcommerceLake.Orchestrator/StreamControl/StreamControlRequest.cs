namespace EcommerceLake.Orchestrator.StreamControl;

/// <summary>
/// Body of <c>POST /streams/{source}/{stream}/pause|resume|force-full</c>: <c>reason</c> (required). Who asks is the
/// authenticated principal, never a name in the body (a <c>requestedBy</c> there is ignored).
/// </summary>
public sealed class StreamControlRequest
{
    /// <summary>Why (recorded in the audit).</summary>
    public string? Reason { get; init; }
}
