namespace EcommerceLake.Orchestrator.Schedules;

/// <summary>One operator action on a schedule (table <c>orchestrator.schedule_audit</c>, migration 0009).</summary>
/// <param name="Id">Sequence number.</param>
/// <param name="Source">The schedule's source.</param>
/// <param name="Action">Pause or resume.</param>
/// <param name="RequestedBy">The authenticated principal who asked.</param>
/// <param name="Reason">Why.</param>
/// <param name="RequestedAt">When (UTC).</param>
public sealed record ScheduleAuditEntry(
    long Id, string Source, ScheduleAction Action, string RequestedBy, string Reason, DateTimeOffset RequestedAt);
