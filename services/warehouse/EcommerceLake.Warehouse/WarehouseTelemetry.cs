using System.Diagnostics;
using System.Diagnostics.Metrics;
using EcommerceLake.Hosting;

namespace EcommerceLake.Warehouse;

/// <summary>The warehouse service's ActivitySource (<see cref="LakeTelemetry.Warehouse"/>) and counters.</summary>
public static class WarehouseTelemetry
{
    /// <summary>ActivitySource of the warehouse service: one span per step, tagged with run, stream and rows.</summary>
    public static readonly ActivitySource ActivitySource = new(LakeTelemetry.Warehouse);

    /// <summary>Counter <c>lake.warehouse.merged</c>: trusted rows inserted, updated or deleted, tagged with the stream
    /// and the change.</summary>
    public static readonly Counter<long> Merged = LakeTelemetry.Meter.CreateCounter<long>("lake.warehouse.merged",
        "{row}", "Trusted rows changed by loads.");
}
