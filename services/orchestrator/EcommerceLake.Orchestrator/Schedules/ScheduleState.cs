namespace EcommerceLake.Orchestrator.Schedules;

/// <summary>
/// A configured schedule as <c>GET /schedules</c>, <c>lake schedules</c> and the dashboard show it: when it runs
/// next and what its last tick requested. Times are UTC.
/// </summary>
public sealed record ScheduleState
{
    /// <summary>The source it runs.</summary>
    public required string Source { get; init; }

    /// <summary><see cref="ScheduleKind.Interval"/> or <see cref="ScheduleKind.Cron"/>.</summary>
    public required ScheduleKind Kind { get; init; }

    /// <summary>The expression as configured (<c>00:15:00</c>, <c>0 2 * * *</c>).</summary>
    public required string Expression { get; init; }

    /// <summary>The IANA zone a cron expression is read in; <c>UTC</c> for an interval.</summary>
    public required string TimeZone { get; init; }

    /// <summary>The next tick; null when a cron expression never matches again.</summary>
    public DateTimeOffset? NextDueAt { get; init; }

    /// <summary>The tick last requested; null before the first.</summary>
    public DateTimeOffset? LastDueAt { get; init; }

    /// <summary>When an orchestrator requested it (at most a check interval after it was due, or at start after a
    /// time without any orchestrator).</summary>
    public DateTimeOffset? LastRequestedAt { get; init; }

    /// <summary>How many ticks the last request stood for: 1, or more when ticks were missed while no orchestrator
    /// ran (only the latest is run).</summary>
    public long LastTicks { get; init; }

    /// <summary>The run id the last tick requested (the request's idempotency key).</summary>
    public Guid? LastRunId { get; init; }

    /// <summary>What became of it: the run's state (<c>Running</c>, <c>BuildingMarts</c>, <c>Completed</c>,
    /// <c>Failed</c>), <c>Refused</c>, <c>Requested</c> while the request waits in the outbox or on the bus, or
    /// <c>Coalesced</c> when the source was busy and the tick became its one follow-up run; null before the first
    /// tick.</summary>
    public string? LastRunState { get; init; }

    /// <summary>Who paused it (the authenticated principal); null while it runs.</summary>
    public string? PausedBy { get; init; }

    /// <summary>Why it was paused; null while it runs.</summary>
    public string? PausedReason { get; init; }

    /// <summary>When it was paused; null while it runs. Ticks pass without runs meanwhile.</summary>
    public DateTimeOffset? PausedAt { get; init; }

    /// <summary>How many ticks have passed without a run since the pause.</summary>
    public long PausedTicks { get; init; }
}
