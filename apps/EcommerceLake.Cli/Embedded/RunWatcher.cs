using System.Collections.Concurrent;
using EcommerceLake.Contracts;
using EcommerceLake.Streams;

namespace EcommerceLake.Cli.Embedded;

/// <summary>
/// Builds a <see cref="RunReport"/> per run from the bus events and lets callers await a run's end. Thread-safe:
/// events arrive on the bus's threads; <see cref="Changed"/> is raised after each one.
/// </summary>
public sealed class RunWatcher(StreamCatalog catalog)
{
    private readonly ConcurrentDictionary<Guid, RunReport> _runs = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<RunReport>> _ends = new();

    /// <summary>Raised after an event changed a run's report (on a bus thread).</summary>
    public event Action<RunReport>? Changed;

    /// <summary>The report of <paramref name="runId"/> (created when unseen).</summary>
    public RunReport Report(Guid runId) => _runs.GetOrAdd(runId, id => new RunReport(id));

    /// <summary>Completes when the run is Completed, Failed or Refused.</summary>
    /// <exception cref="OperationCanceledException">Cancelled before the run ended.</exception>
    public async Task<RunReport> WaitForEndAsync(Guid runId, CancellationToken cancellationToken)
    {
        var end = _ends.GetOrAdd(runId,
            _ => new TaskCompletionSource<RunReport>(TaskCreationOptions.RunContinuationsAsynchronously));
        return await end.Task.WaitAsync(cancellationToken);
    }

    internal Task OnAsync(object message)
    {
        var runId = ((IRunMessage)message).RunId;
        var run = Report(runId);
        var ended = false;
        lock (run)
        {
            switch (message)
            {
                case RunAccepted m:
                    run.AcceptedAt = m.AcceptedAt;
                    foreach (var source in m.Sources)
                        foreach (var spec in catalog.ForSource(source)) run.Stream(spec.Source, spec.Stream);
                    break;
                case RunRefused m:
                    (run.Outcome, run.Reason, ended) = ("Refused", m.Reason, true);
                    break;
                case RunCompleted m:
                    (run.Outcome, run.DurationSeconds, ended) = ("Completed", m.DurationSeconds, true);
                    break;
                case RunFailed m:
                    (run.Outcome, run.Reason, ended) = ("Failed", m.Reason, true);
                    run.DurationSeconds = (m.FailedAt - (run.AcceptedAt ?? m.FailedAt)).TotalSeconds;
                    break;
                case StreamExtracted m:
                    var e = run.Stream(m.Source, m.Stream);
                    (e.Step, e.OffsetFrom, e.OffsetTo, e.LandRows, e.Quarantined, e.ExtractSeconds) =
                        (StreamStep.Processing, m.OffsetFrom, m.OffsetTo, m.RowCount, m.QuarantinedCount,
                            m.DurationSeconds);
                    e.ExtractedAtSeconds = SinceAccepted(run);
                    if (m.IsEmptyIncrement)
                    {
                        // The saga skips process and load of an empty increment: the stream is done.
                        (e.Step, e.NothingToLoad) = (StreamStep.Loaded, true);
                        e.WallSeconds = SinceAccepted(run);
                    }
                    break;
                case StreamProcessed m:
                    var p = run.Stream(m.Source, m.Stream);
                    (p.Step, p.RawRows, p.Rejected, p.ProcessSeconds) = (StreamStep.Loading, m.RowCount,
                        m.RejectedCount, m.DurationSeconds);
                    break;
                case StreamLoaded m:
                    var l = run.Stream(m.Source, m.Stream);
                    (l.Step, l.TrustedRows, l.Merge, l.LoadSeconds) = (StreamStep.Loaded, m.TrustedRowCount,
                        (m.Inserted, m.Updated, m.Deleted), m.DurationSeconds);
                    l.WallSeconds = SinceAccepted(run);
                    break;
                case StreamExtractionFailed m:
                    Fail(run.Stream(m.Source, m.Stream), "extract", m.Error);
                    break;
                case StreamProcessingFailed m:
                    Fail(run.Stream(m.Source, m.Stream), "process", m.Error);
                    break;
                case StreamLoadFailed m:
                    Fail(run.Stream(m.Source, m.Stream), "load", m.Error);
                    break;
                case MartsBuilt m:
                    run.MartsChains[m.Chain is { } chain ? WireName.Of(chain) : "all"] = new MartsChainReport(
                        m.DurationSeconds, SinceAccepted(run), m.RowCounts);
                    // Chain by chain in name order, each in the warehouse's build order: the same order every run.
                    var merged = new Dictionary<string, long>(StringComparer.Ordinal);
                    foreach (var (table, rows) in run.MartsChains.Values.SelectMany(c => c.RowCounts))
                        merged[table] = rows;
                    run.Marts = merged;
                    break;
                case MartsBuildFailed m:
                    run.Reason = $"marts: {m.Error}";
                    break;
            }
        }
        Changed?.Invoke(run);
        if (ended)
            _ends.GetOrAdd(runId, _ => new TaskCompletionSource<RunReport>(
                TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(run);
        return Task.CompletedTask;
    }

    /// <summary>Seconds from the run's acceptance to now, as the watcher saw them (0 before it saw the acceptance).
    /// </summary>
    private static double SinceAccepted(RunReport run) =>
        (DateTimeOffset.UtcNow - (run.AcceptedAt ?? DateTimeOffset.UtcNow)).TotalSeconds;

    private static void Fail(StreamReport stream, string step, string error)
        => (stream.Step, stream.Error) = (StreamStep.Failed, $"{step}: {error}");
}
