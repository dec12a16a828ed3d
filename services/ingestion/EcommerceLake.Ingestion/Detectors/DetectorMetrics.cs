using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EcommerceLake.Hosting;

namespace EcommerceLake.Ingestion.Detectors;

/// <summary>
/// Gauges the detectors feed (on <see cref="LakeTelemetry.Meter"/>): <c>lake.offset.lag</c> — change versions the
/// source is ahead of the smallest committed change-tracking offset; <c>lake.files.pending</c> — files in the drop
/// not in the committed ledger. Tagged with <c>lake.source</c>; reported once a detector has polled.
/// </summary>
public static class DetectorMetrics
{
    private static readonly ConcurrentDictionary<string, long> VersionLag = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, long> PendingFiles = new(StringComparer.Ordinal);

    /// <summary>Observable gauge <c>lake.offset.lag</c>.</summary>
    public static readonly ObservableGauge<long> OffsetLag = LakeTelemetry.Meter.CreateObservableGauge(
        "lake.offset.lag", () => Measure(VersionLag), "{version}",
            "Change versions the source is ahead of its committed offset.");

    /// <summary>Observable gauge <c>lake.files.pending</c>.</summary>
    public static readonly ObservableGauge<long> FilesPending = LakeTelemetry.Meter.CreateObservableGauge(
        "lake.files.pending", () => Measure(PendingFiles), "{file}", "Files in the drop that no run has ingested yet.");

    /// <summary>Sets the change-version lag of <paramref name="source"/>.</summary>
    public static void SetVersionLag(string source, long lag) => VersionLag[source] = lag;

    /// <summary>Sets the pending file count of <paramref name="source"/>.</summary>
    public static void SetPendingFiles(string source, long count) => PendingFiles[source] = count;

    /// <summary>The last change-version lag of <paramref name="source"/>, or null before the first poll.</summary>
    public static long? VersionLagOf(string source) => VersionLag.TryGetValue(source, out var lag) ? lag : null;

    private static IEnumerable<Measurement<long>> Measure(ConcurrentDictionary<string, long> values) =>
        values.Select(v => new Measurement<long>(v.Value, new KeyValuePair<string,
            object?>(LakeTelemetry.SourceTag, v.Key)));
}
