namespace EcommerceLake.Orchestrator.Schedules;

/// <summary>
/// Body of <c>POST /schedules/{source}/pause|resume</c>: <c>reason</c> (required). Who asks is the authenticated
/// principal, never a name in the body.
/// </summary>
public sealed class ScheduleRequest
{
    /// <summary>Why (recorded in the audit).</summary>
    public string? Reason { get; init; }
}
