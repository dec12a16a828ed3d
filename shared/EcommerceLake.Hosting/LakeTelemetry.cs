using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EcommerceLake.Hosting;

/// <summary>
/// Names of the platform's OpenTelemetry sources: MassTransit's own <c>MassTransit</c> ActivitySource plus one
/// ActivitySource per service, and one Meter. Span attributes use the keys below.
/// </summary>
public static class LakeTelemetry
{
    /// <summary>MassTransit's ActivitySource name.</summary>
    public const string MassTransitSource = "MassTransit";

    /// <summary>Ingestion service ActivitySource name.</summary>
    public const string Ingestion = "EcommerceLake.Ingestion";

    /// <summary>Processing service ActivitySource name.</summary>
    public const string Processing = "EcommerceLake.Processing";

    /// <summary>Warehouse service ActivitySource name.</summary>
    public const string Warehouse = "EcommerceLake.Warehouse";

    /// <summary>Orchestrator service ActivitySource name.</summary>
    public const string Orchestrator = "EcommerceLake.Orchestrator";

    /// <summary>Every ActivitySource of the platform.</summary>
    public static readonly string[] AllSources = [MassTransitSource, Ingestion, Processing, Warehouse, Orchestrator];

    /// <summary>Meter name of the platform's metrics.</summary>
    public const string MeterName = "EcommerceLake";

    /// <summary>Span attribute: run id.</summary>
    public const string RunIdTag = "lake.run_id";

    /// <summary>Span attribute: source.</summary>
    public const string SourceTag = "lake.source";

    /// <summary>Span attribute: stream.</summary>
    public const string StreamTag = "lake.stream";

    /// <summary>Span attribute: rows handled by the step.</summary>
    public const string RowsTag = "lake.rows";

    /// <summary>The platform's Meter.</summary>
    public static readonly Meter Meter = new(MeterName);

    /// <summary>Starts an internal span on <paramref name="source"/> tagged with the run, source and stream.</summary>
    public static Activity? StartStep(this ActivitySource source, string name, Guid runId, string? sourceName = null,
        string? stream = null)
    {
        var activity = source.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag(RunIdTag, runId.ToString());
        if (sourceName is not null) activity?.SetTag(SourceTag, sourceName);
        if (stream is not null) activity?.SetTag(StreamTag, stream);
        return activity;
    }
}
