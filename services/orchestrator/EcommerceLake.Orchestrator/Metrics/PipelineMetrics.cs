using System.Diagnostics.Metrics;
using EcommerceLake.Hosting;

namespace EcommerceLake.Orchestrator.Metrics;

/// <summary>
/// The orchestrator's OpenTelemetry instruments on <see cref="LakeTelemetry.Meter"/> (exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set). Tags: <c>lake.source</c>, <c>lake.stream</c>, <c>lake.step</c>
/// (extract, process, load, marts), <c>lake.layer</c> (land, raw, trusted), <c>lake.outcome</c> (completed, failed).
/// </summary>
public static class PipelineMetrics
{
    /// <summary>
    /// Histogram <c>lake.run.duration</c> (s): admission to end of each run, tagged with the outcome.
    /// </summary>
    public static readonly Histogram<double> RunDuration = LakeTelemetry.Meter.CreateHistogram<double>(
        "lake.run.duration", "s", "Duration of pipeline runs, from admission to completion or failure.");

    /// <summary>
    /// Histogram <c>lake.step.duration</c> (s): wall time each service reported for a step, tagged with source, stream
    /// and step.
    /// </summary>
    public static readonly Histogram<double> StepDuration = LakeTelemetry.Meter.CreateHistogram<double>(
        "lake.step.duration", "s", "Duration of pipeline steps as reported by the services.");

    /// <summary>
    /// Counter <c>lake.rows</c>: rows per layer — land rows extracted, raw rows typed, trusted rows merged
    /// (inserted + updated + deleted).
    /// </summary>
    public static readonly Counter<long> Rows = LakeTelemetry.Meter.CreateCounter<long>(
        "lake.rows", "{row}", "Rows written per layer (land, raw, trusted), tagged with source and stream.");

    /// <summary>
    /// Histogram <c>lake.cluster.uptime</c> (s): how long each processing cluster lived, recorded when it is deleted.
    /// </summary>
    public static readonly Histogram<double> ClusterUptime = LakeTelemetry.Meter.CreateHistogram<double>(
        "lake.cluster.uptime", "s", "Uptime of processing clusters, from provisioned to deleted.");

    /// <summary>Tag key of the step.</summary>
    public const string StepTag = "lake.step";

    /// <summary>Tag key of the layer.</summary>
    public const string LayerTag = "lake.layer";

    /// <summary>Tag key of the run outcome.</summary>
    public const string OutcomeTag = "lake.outcome";
}
