using System.Diagnostics;
using System.Diagnostics.Metrics;
using EcommerceLake.Hosting;

namespace EcommerceLake.Processing;

/// <summary>The processing service's ActivitySource (<see cref="LakeTelemetry.Processing"/>) and counters.</summary>
public static class ProcessingTelemetry
{
    /// <summary>ActivitySource of the processing service: one span per step, tagged with run, stream and
    /// rows.</summary>
    public static readonly ActivitySource ActivitySource = new(LakeTelemetry.Processing);

    /// <summary>Counter <c>lake.processing.rows</c>: typed rows written to raw, tagged with the stream.</summary>
    public static readonly Counter<long> Rows = LakeTelemetry.Meter.CreateCounter<long>("lake.processing.rows", "{row}",
        "Typed rows written to the raw zone.");

    /// <summary>Counter <c>lake.processing.rejected</c>: land rows quarantined because they failed typing.</summary>
    public static readonly Counter<long> Rejected = LakeTelemetry.Meter.CreateCounter<long>("lake.processing.rejected",
        "{row}", "Land rows that failed typing.");
}
