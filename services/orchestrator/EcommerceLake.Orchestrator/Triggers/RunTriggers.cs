using EcommerceLake.Contracts;
using MassTransit;

namespace EcommerceLake.Orchestrator.Triggers;

/// <summary>
/// The rules of <see cref="RunTrigger"/>: <see cref="RunTrigger.Api"/> and <see cref="RunTrigger.Cli"/> are manual;
/// the schedule, source events, the reviews webhook and follow-ups are automatic. A manual request for a busy source
/// is refused; an automatic one is coalesced: the source gets one pending follow-up run that starts when its active
/// run ends.
/// </summary>
public static class RunTriggers
{
    private const string LegacyFollowUpPrefix = "follow-up:";

    /// <summary>True for triggers whose requests are coalesced into a follow-up when the source is busy.</summary>
    public static bool IsAutomatic(RunTrigger trigger) =>
        trigger is not (RunTrigger.Api or RunTrigger.Cli or RunTrigger.Dashboard);

    /// <summary>The trigger of a run asked for by a detector that saw <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a declared member.</exception>
    public static RunTrigger Of(SourceChangeKind kind) => kind switch
    {
        SourceChangeKind.FileArrived => RunTrigger.FileArrived,
        SourceChangeKind.ChangeVersion => RunTrigger.ChangeVersion,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a source change kind."),
    };

    /// <summary>A request, with a new run id, for a run of <paramref name="source"/> from an automatic
    /// <paramref name="trigger"/>.</summary>
    public static RequestRun Automatic(string source, RunTrigger trigger, string requestedBy) =>
        new() { RunId = NewId.NextGuid(), Sources = [source], Trigger = trigger, RequestedBy = requestedBy };

    /// <summary>The follow-up request for a source whose first coalesced request came from
    /// <paramref name="requestedBy"/>.</summary>
    public static RequestRun FollowUp(Guid runId, string source, string requestedBy) =>
        new() { RunId = runId, Sources = [source], Trigger = RunTrigger.FollowUp, RequestedBy = requestedBy };

    /// <summary>
    /// Reads a trigger stored in <c>orchestrator.pipeline_runs.trigger</c>: a wire name, or
    /// <c>follow-up:{trigger}</c> as follow-ups were stored before they became <c>follow-up</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is neither.</exception>
    public static RunTrigger FromStored(string text) =>
        text.StartsWith(LegacyFollowUpPrefix, StringComparison.Ordinal)
            ? RunTrigger.FollowUp
            : WireName.Parse<RunTrigger>(text);
}
