namespace EcommerceLake.Orchestrator.Schedules;

/// <summary>A tick this instance requested (<see cref="ScheduleStore.ClaimDueAsync"/>).</summary>
/// <param name="RunId">The requested run's id.</param>
/// <param name="Due">The tick (UTC).</param>
/// <param name="Ticks">How many ticks it stands for (more than 1 after a time without any orchestrator).</param>
public sealed record ScheduleClaim(Guid RunId, DateTimeOffset Due, long Ticks);
