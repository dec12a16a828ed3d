using EcommerceLake.Orchestrator.Offsets;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Streams;

namespace EcommerceLake.Orchestrator.Runs;

/// <summary>
/// How one stream stands, from its committed offset and the recent runs: the last successful load (the stream's
/// newest <c>Loaded</c> in a run, else the commit time of its offset), freshness (now minus that), and lag — the runs
/// since then that tried the stream and failed (0 when up to date), plus whether a run is working on it now.
/// </summary>
/// <param name="Source">The stream's source.</param>
/// <param name="Stream">The stream's name in its source.</param>
/// <param name="Offset">Its committed offset, else null.</param>
/// <param name="LastSuccess">When it was last loaded (UTC), else null.</param>
/// <param name="LastSuccessRun">The run of that load, else null (an offset committed by an operator's reset).</param>
/// <param name="FailedSince">The runs that tried the stream and failed since then.</param>
/// <param name="ActiveRun">The active run that includes the stream, else null.</param>
/// <param name="LastRun">The newest run that included the stream, else null.</param>
public sealed record StreamHealth(
    string Source, string Stream, CommittedOffset? Offset, DateTimeOffset? LastSuccess, Guid? LastSuccessRun,
    int FailedSince, Guid? ActiveRun, RunDetails? LastRun)
{
    /// <summary><paramref name="now"/> minus <see cref="LastSuccess"/>, else null.</summary>
    public TimeSpan? Freshness(DateTimeOffset now) => LastSuccess is { } at ? now - at : null;

    /// <summary>Every stream of <paramref name="catalog"/>, in its order, from <paramref name="runs"/> (newest
    /// first).</summary>
    public static IReadOnlyList<StreamHealth> Of(StreamCatalog catalog, IReadOnlyList<CommittedOffset> offsets,
        IReadOnlyList<RunDetails> runs) =>
        catalog.All.Select(spec => Of(spec.Source, spec.Stream, offsets, runs)).ToList();

    /// <summary>One stream, from <paramref name="runs"/> (newest first).</summary>
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
