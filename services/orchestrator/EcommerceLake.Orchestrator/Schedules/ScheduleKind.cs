using System.Text.Json.Serialization;

namespace EcommerceLake.Orchestrator.Schedules;

/// <summary>How a schedule's expression is read (<see cref="RunSchedule.Parse"/>); JSON <c>"Interval"</c> or
/// <c>"Cron"</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScheduleKind>))]
public enum ScheduleKind
{
    /// <summary>A fixed interval (<c>hh:mm:ss</c> or <c>d.hh:mm:ss</c>), its ticks at whole multiples of the interval
    /// since 1970-01-01T00:00:00Z, so <c>00:15:00</c> ticks at :00, :15, :30 and :45 on every instance.</summary>
    Interval,

    /// <summary>A cron expression (five fields, or six with seconds first, or a macro such as <c>@daily</c>), read by
    /// Cronos in <c>Orchestrator:ScheduleTimeZone</c>.</summary>
    Cron,
}
