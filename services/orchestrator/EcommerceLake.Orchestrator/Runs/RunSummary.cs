using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Admission;
using EcommerceLake.Orchestrator.Sagas;

namespace EcommerceLake.Orchestrator.Runs;

/// <summary>One run in a list (times UTC, durations in seconds).</summary>
/// <param name="RunId">The run id.</param>
/// <param name="State"><c>Running</c>, <c>BuildingMarts</c>, <c>Completed</c> or <c>Failed</c>; <c>Refused</c> for a
/// request admission refused (only <see cref="RunDetails"/> shows those: lists hold admitted runs).</param>
/// <param name="Sources">Sources of the run.</param>
/// <param name="Trigger">What asked for the run.</param>
/// <param name="RequestedBy">Who asked.</param>
/// <param name="ForceFull">Full snapshot requested.</param>
/// <param name="CreatedAt">When the run was admitted (refused, for a refused request).</param>
/// <param name="CompletedAt">When it ended (was refused), else null.</param>
/// <param name="DurationSeconds">From admission to end, else null.</param>
/// <param name="Streams">Streams in the run.</param>
/// <param name="StreamsLoaded">Streams in trusted with their offsets committed.</param>
/// <param name="StreamsFailed">Streams that failed.</param>
/// <param name="StreamsPaused">Streams an operator had paused; the run skipped them.</param>
/// <param name="Marts">Marts build status.</param>
/// <param name="Error">Why the run failed or was refused, else null.</param>
/// <param name="TraceId">W3C trace id of the run (search it in the trace viewer), else null.</param>
/// <param name="SelectedStreams">The <c>source.stream</c> keys the run was narrowed to, else null (every stream of
/// its sources).</param>
public sealed record RunSummary(
    Guid RunId, string State, IReadOnlyList<string> Sources, RunTrigger Trigger, string RequestedBy, bool ForceFull,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, double? DurationSeconds,
    int Streams, int StreamsLoaded, int StreamsFailed, int StreamsPaused, MartsStatus Marts, string? Error,
    string? TraceId, IReadOnlyList<string>? SelectedStreams = null)
{
    /// <summary>Summarizes a saga row.</summary>
    public static RunSummary From(PipelineRunState run) => new(
        run.CorrelationId, run.CurrentState, run.Sources, run.Trigger, run.RequestedBy, run.ForceFull,
        run.CreatedAt, run.CompletedAt, run.CompletedAt is { } end ? (end - run.CreatedAt).TotalSeconds : null,
        run.Streams.Count, run.Streams.Count(s => s.Status == StreamRunStatus.Loaded),
        run.Streams.Count(s => s.Status == StreamRunStatus.Failed),
        run.Streams.Count(s => s.Status == StreamRunStatus.Paused),
        run.Marts.Status, run.Error, run.TraceId, run.SelectedStreams);

    /// <summary>Summarizes a refused request as a run that ended <c>Refused</c> when it was refused, with no stream,
    /// its marts <see cref="MartsStatus.Skipped"/> and the reason as its error.</summary>
    public static RunSummary From(RunRefusal refusal) => new(
        refusal.RunId, RefusedState, refusal.Sources, refusal.Trigger, refusal.RequestedBy, refusal.ForceFull,
        refusal.RefusedAt, refusal.RefusedAt, 0, 0, 0, 0, 0, MartsStatus.Skipped, refusal.Reason, refusal.TraceId,
        refusal.SelectedStreams);

    /// <summary>The <see cref="State"/> of a refused request.</summary>
    public const string RefusedState = "Refused";
}
