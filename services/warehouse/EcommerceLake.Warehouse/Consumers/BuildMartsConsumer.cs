using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting.Steps;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Warehouse.Consumers;

/// <summary>
/// Handles <see cref="BuildMarts"/>: brings the marts of the chain asked for (or of every chain) up to date with the
/// <see cref="IWarehouseEngine"/> and publishes <see cref="MartsBuilt"/> for that chain with the row count per mart.
/// Failures follow <see cref="StepConsumer{TCommand, TSucceeded, TFailed}"/>: transient ones are retried by the bus,
/// any other is published as <see cref="MartsBuildFailed"/> with its <see cref="FailureKind"/> (the chain's marts are
/// then unchanged: each chain's build is one transaction).
/// </summary>
public sealed class BuildMartsConsumer(
    IWarehouseEngine engine, FailureClassification classification, ILogger<BuildMartsConsumer> logger)
    : StepConsumer<BuildMarts, MartsBuilt, MartsBuildFailed>(Activity, classification, logger)
{
    /// <summary>The warehouse service's ActivitySource.</summary>
    public static readonly ActivitySource Activity = WarehouseTelemetry.ActivitySource;

    /// <inheritdoc />
    protected override string SpanName(BuildMarts command) =>
        command.Chain is { } chain ? $"build marts ({WireName.Of(chain)})" : "build marts";

    /// <inheritdoc />
    protected override MartsChainName? ChainOf(BuildMarts command) => command.Chain;

    /// <inheritdoc />
    protected override MartsBuildFailed Failed(BuildMarts command, string error, FailureKind kind, Exception cause) =>
        new() { RunId = command.RunId, Chain = command.Chain, Error = error, Kind = kind };

    /// <inheritdoc />
    protected override async Task<MartsBuilt> ExecuteAsync(StepContext<BuildMarts> step)
    {
        var result = await engine.BuildMartsAsync(step.Message.RunId, step.Message.Chain, step.CancellationToken);
        step.SetRows(result.RowCounts.Values.Sum());
        Logger.LogInformation("Built the marts: {RowCounts}",
            string.Join(", ", result.RowCounts.Select(kv => $"{kv.Key}={kv.Value}")));
        return new MartsBuilt
        {
            RunId = step.Message.RunId,
            Chain = step.Message.Chain,
            RowCounts = result.RowCounts,
            DurationSeconds = step.ElapsedSeconds,
        };
    }
}
