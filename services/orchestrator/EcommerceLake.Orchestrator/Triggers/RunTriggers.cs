using EcommerceLake.Contracts;
using MassTransit;

namespace EcommerceLake.Orchestrator.Triggers;

/// <summary>
/// The run triggers and their names (the <c>Trigger</c> of <see cref="RequestRun"/>): <c>api</c> and <c>cli</c> are
/// manual; <c>schedule</c>, <c>event:{kind}</c> (source events, the reviews webhook) and <c>follow-up:{trigger}</c>
/// are automatic. A manual request for a busy source is refused; an automatic one is coalesced: the source gets one
/// pending follow-up run that starts when its active run ends.
/// </summary>
public static class RunTriggers
{
    /// <summary>Trigger of scheduled runs.</summary>
    public const string Schedule = "schedule";

    /// <summary>
    /// Prefix of triggers from source events (<c>event:file-arrived</c>, <c>event:change-version</c>,
    /// <c>event:webhook</c>).
    /// </summary>
    public const string EventPrefix = "event:";

    /// <summary>Prefix of follow-up runs started when a run ends with coalesced requests pending.</summary>
    public const string FollowUpPrefix = "follow-up:";

    /// <summary>True for triggers whose requests are coalesced into a follow-up when the source is busy.</summary>
    public static bool IsAutomatic(string? trigger) =>
        trigger is not null && (trigger == Schedule
            || trigger.StartsWith(EventPrefix, StringComparison.Ordinal)
            || trigger.StartsWith(FollowUpPrefix, StringComparison.Ordinal));

    /// <summary>
    /// A request for a run of <paramref name="source"/> from the source event <paramref name="kind"/>.
    /// </summary>
    public static RequestRun FromEvent(string source, string kind, string requestedBy) =>
        new() { RunId = NewId.NextGuid(), Sources = [source], Trigger = EventPrefix + kind, RequestedBy = requestedBy };

    /// <summary>The follow-up request for a source whose coalesced trigger was <paramref name="trigger"/>.</summary>
    public static RequestRun FollowUp(Guid runId, string source, string trigger, string requestedBy) =>
        new()
        {
            RunId = runId,
            Sources = [source],
            Trigger = trigger.StartsWith(FollowUpPrefix, StringComparison.Ordinal) ? trigger : FollowUpPrefix + trigger,
            RequestedBy = requestedBy,
        };
}
