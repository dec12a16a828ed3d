using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EcommerceLake.Hosting;

namespace EcommerceLake.Orchestrator.Freshness;

/// <summary>
/// Gauges of stream freshness on <see cref="LakeTelemetry.Meter"/>, observed from the last check of each running
/// <see cref="FreshnessMonitor"/> (tags <c>lake.source</c>, <c>lake.stream</c>):
/// <c>lake.stream.freshness.age</c> (s, now − last data; absent for a stream that never had data) and
/// <c>lake.stream.freshness.lag</c> (s, how far past its expected cadence the data is; 0 when on time).
/// </summary>
public static class FreshnessMetrics
{
    private static readonly ConcurrentDictionary<object, IReadOnlyList<(string Source, string Stream,
        StreamFreshness Freshness)>> Snapshots = new();

    /// <summary>Gauge <c>lake.stream.freshness.age</c>.</summary>
    public static readonly ObservableGauge<double> Age = LakeTelemetry.Meter.CreateObservableGauge(
        "lake.stream.freshness.age", () => Observe(f => f.AgeSeconds), "s",
        "Age of each stream's newest data: now minus the last load that brought rows.");

    /// <summary>Gauge <c>lake.stream.freshness.lag</c>.</summary>
    public static readonly ObservableGauge<double> Lag = LakeTelemetry.Meter.CreateObservableGauge(
        "lake.stream.freshness.lag", () => Observe(f => f.LagSeconds), "s",
        "How far each stream's data is past its expected cadence (0 when on time).");

    /// <summary>Publishes the last check of <paramref name="owner"/> (one monitor) to the gauges.</summary>
    public static void Publish(object owner,
        IReadOnlyList<(string Source, string Stream, StreamFreshness Freshness)> snapshot) =>
        Snapshots[owner] = snapshot;

    /// <summary>Removes the checks of <paramref name="owner"/> (a stopped monitor).</summary>
    public static void Withdraw(object owner) => Snapshots.TryRemove(owner, out _);

    private static IEnumerable<Measurement<double>> Observe(Func<StreamFreshness, double?> value) =>
        Snapshots.Values.SelectMany(s => s)
            .Where(s => value(s.Freshness) is not null)
            .Select(s => new Measurement<double>(value(s.Freshness)!.Value,
                new KeyValuePair<string, object?>(LakeTelemetry.SourceTag, s.Source),
                new KeyValuePair<string, object?>(LakeTelemetry.StreamTag, s.Stream)));
}
