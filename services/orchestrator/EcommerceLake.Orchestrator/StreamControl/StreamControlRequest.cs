namespace EcommerceLake.Orchestrator.StreamControl;

/// <summary>
/// Body of <c>POST /streams/{source}/{stream}/pause|resume|force-full</c>: <c>reason</c> (required) and
/// <c>requestedBy</c> (required unless the caller is authenticated, whose name is then recorded).
/// </summary>
public sealed class StreamControlRequest
{
    /// <summary>Who asks; ignored when the request carries an authenticated principal.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>Why (recorded in the audit).</summary>
    public string? Reason { get; init; }
}
