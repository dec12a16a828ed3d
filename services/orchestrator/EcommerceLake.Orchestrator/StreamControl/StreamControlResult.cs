namespace EcommerceLake.Orchestrator.StreamControl;

/// <summary>
/// Answer of <c>POST /streams/{source}/{stream}/pause|resume|force-full</c> (JSON <c>{ stream, audit }</c>): the
/// stream as it is now and the audit record of the action.
/// </summary>
public sealed record StreamControlResult
{
    /// <summary>The stream after the action (the same view as <c>GET /streams</c>).</summary>
    public required StreamView Stream { get; init; }

    /// <summary>The action's audit record, naming the authenticated principal.</summary>
    public required StreamControlAuditEntry Audit { get; init; }
}
