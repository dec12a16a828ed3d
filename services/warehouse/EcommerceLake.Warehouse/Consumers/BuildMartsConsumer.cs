using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting.Steps;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Warehouse.Consumers;

/// <summary>
/// Handles <see cref="BuildMarts"/>: rebuilds every mart from trusted with the <see cref="IWarehouseEngine"/> and
/// publishes <see cref="MartsBuilt"/> with the row count per mart. Failures follow
/// <see cref="StepConsumer{TCommand, TSucceeded, TFailed}"/>: transient ones are retried by the bus, any other is
/// published as <see cref="MartsBuildFailed"/> with its <see cref="FailureKind"/> (the marts are then unchanged:
/// the build is one transaction).
/// </summary>
public sealed class BuildMartsConsumer(
    IWarehouseEngine engine, FailureClassification classification, ILogger<BuildMartsConsumer> logger)
    : StepConsumer<BuildMarts, MartsBuilt, MartsBuildFailed>(Activity, classification, logger)
{
    /// <summary>The warehouse service's ActivitySource.</summary>
    public static readonly ActivitySource Activity = WarehouseTelemetry.ActivitySource;

    /// <inheritdoc />
    protected override string SpanName(BuildMarts command) => "build marts";

    /// <inheritdoc />
    protected override MartsBuildFailed Failed(BuildMarts command, string error, FailureKind kind) =>
        new() { RunId = command.RunId, Error = error, Kind = kind };

    /// <inheritdoc />
    protected override async Task<MartsBuilt> ExecuteAsync(StepContext<BuildMarts> step)
    {
        var result = await engine.BuildMartsAsync(step.Message.RunId, step.CancellationToken);
        step.SetRows(result.RowCounts.Values.Sum());
        Logger.LogInformation("Built the marts: {RowCounts}",
            string.Join(", ", result.RowCounts.Select(kv => $"{kv.Key}={kv.Value}")));
        return new MartsBuilt
        {
            RunId = step.Message.RunId,
            RowCounts = result.RowCounts,
            DurationSeconds = step.ElapsedSeconds,
        };
    }
}
