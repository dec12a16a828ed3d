using System.Text.Json.Serialization;

namespace EcommerceLake.Orchestrator.Schedules;

/// <summary>What an operator did to a schedule (<see cref="ScheduleAuditEntry.Action"/>). Serialized as its name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScheduleAction>))]
public enum ScheduleAction
{
    /// <summary>Ticks pass without runs until it is resumed.</summary>
    Pause,

    /// <summary>Runs from the next tick on; ticks passed while paused are not caught up.</summary>
    Resume,
}
