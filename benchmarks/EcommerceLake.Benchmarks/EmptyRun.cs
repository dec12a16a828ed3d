using EcommerceLake.Cli.Embedded;

namespace EcommerceLake.Benchmarks;

/// <summary>
/// An empty incremental run's orchestration overhead: on a lake whose offsets are all committed and whose sources did
/// not change, runs over every source (saga, extract probes, land, raw, trusted, marts with zero new rows) — one
/// warm-up, then <c>runs</c> timed. Each time is the run's own duration (acceptance to <c>RunCompleted</c>), seconds.
/// </summary>
public static class EmptyRun
{
    /// <summary>Times <paramref name="runs"/> empty runs after one warm-up.</summary>
    /// <returns>The durations in seconds, in run order.</returns>
    /// <exception cref="InvalidOperationException">A run did not complete, or one moved rows (a source
    /// changed).</exception>
    public static async Task<IReadOnlyList<double>> MeasureAsync(EmbeddedLake lake, int runs,
        CancellationToken cancellationToken = default)
    {
        await LakeRuns.RunAsync(lake, cancellationToken);
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var report = await LakeRuns.RunAsync(lake, cancellationToken);
            if (LakeRuns.LandRows(report) != 0)
                throw new InvalidOperationException(
                    $"Empty run {report.RunId} landed {LakeRuns.LandRows(report):N0} rows: a source changed.");
            times.Add(report.DurationSeconds);
        }
        return times;
    }

    /// <summary>The median of <paramref name="values"/> (the upper middle one for an even count).</summary>
    public static double Median(IReadOnlyList<double> values) => values.Order().ElementAt(values.Count / 2);
}
