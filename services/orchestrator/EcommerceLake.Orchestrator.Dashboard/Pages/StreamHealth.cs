using EcommerceLake.Orchestrator.Offsets;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Streams;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary>
/// How one stream stands, from its committed offset and the recent runs: the last successful load (the stream's
/// newest <c>Loaded</c> in a run, else the commit time of its offset), freshness (now minus that), and lag — the runs
/// since then that tried the stream and failed (0 when up to date), plus whether a run is working on it now.
/// </summary>
internal sealed record StreamHealth(
    string Source, string Stream, CommittedOffset? Offset, DateTimeOffset? LastSuccess, Guid? LastSuccessRun,
    int FailedSince, Guid? ActiveRun, RunDetails? LastRun)
{
    public TimeSpan? Freshness(DateTimeOffset now) => LastSuccess is { } at ? now - at : null;

    public static IReadOnlyList<StreamHealth> Of(StreamCatalog catalog, IReadOnlyList<CommittedOffset> offsets,
        IReadOnlyList<RunDetails> runs) =>
        catalog.All.Select(spec => Of(spec.Source, spec.Stream, offsets, runs)).ToList();

    public static StreamHealth Of(string source, string stream, IReadOnlyList<CommittedOffset> offsets,
        IReadOnlyList<RunDetails> runs)
    {
        var offset = offsets.FirstOrDefault(o => o.Source == source && o.Stream == stream);
        var mine = runs.Select(r => (Run: r, Stream: r.Streams.FirstOrDefault(s => s.Source == source
            && s.Stream == stream))).Where(x => x.Stream is not null).ToList(); // newest first
        var success = mine.FirstOrDefault(x => x.Stream!.Status == StreamRunStatus.Loaded);
        var lastSuccess = success.Stream?.LoadFinishedAt
            ?? (offset is { RunId: var id } && id != Guid.Empty ? offset.CommittedAt : null);
        var failedSince = mine.TakeWhile(x => x.Stream!.Status != StreamRunStatus.Loaded)
            .Count(x => x.Stream!.Status == StreamRunStatus.Failed);
        var active = mine.FirstOrDefault(x => x.Run.Run.CompletedAt is null).Run?.Run.RunId;
        return new StreamHealth(source, stream, offset, lastSuccess, success.Run?.Run.RunId, failedSince, active,
            mine.FirstOrDefault().Run);
    }
}
