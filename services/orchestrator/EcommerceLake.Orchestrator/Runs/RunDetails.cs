using EcommerceLake.Orchestrator.Admission;
using EcommerceLake.Orchestrator.Sagas;

namespace EcommerceLake.Orchestrator.Runs;

/// <summary>
/// One run with every stream's status, offsets, row counts, step timings and errors, and its marts build.
/// </summary>
/// <param name="Run">The run's summary.</param>
/// <param name="Streams">Every stream of the run, by source then stream.</param>
/// <param name="Marts">The marts build.</param>
/// <param name="ActiveRunId">For a refused request (state <c>Refused</c>), the active run that held one of its
/// sources, when that was the reason; else null.</param>
public sealed record RunDetails(RunSummary Run, IReadOnlyList<StreamRun> Streams, MartsRun Marts,
    Guid? ActiveRunId = null)
{
    /// <summary>Details of a saga row.</summary>
    public static RunDetails From(PipelineRunState run) => new(
        RunSummary.From(run),
        run.Streams.OrderBy(s => s.Source, StringComparer.Ordinal)
            .ThenBy(s => s.Stream, StringComparer.Ordinal)
            .ToList(),
        run.Marts);

    /// <summary>Details of a refused request (<see cref="RunSummary.From(RunRefusal)"/>).</summary>
    public static RunDetails From(RunRefusal refusal) => new(
        RunSummary.From(refusal), [], new MartsRun { Status = MartsStatus.Skipped }, refusal.ActiveRunId);
}
