namespace EcommerceLake.Orchestrator.Schedules;

/// <summary>The answer of <c>POST /schedules/{source}/pause|resume</c>.</summary>
/// <param name="Schedule">The schedule as it now stands.</param>
/// <param name="Audit">The audit record of the action, naming the authenticated principal.</param>
public sealed record ScheduleControlResult(ScheduleState Schedule, ScheduleAuditEntry Audit);
