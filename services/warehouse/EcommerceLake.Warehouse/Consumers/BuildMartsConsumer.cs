using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Warehouse.Consumers;

/// <summary>
/// Handles <see cref="BuildMarts"/>: rebuilds every mart from trusted with the <see cref="IWarehouseEngine"/> and
/// publishes <see cref="MartsBuilt"/> with the row count per mart, or <see cref="MartsBuildFailed"/> with the error
/// (the marts are then unchanged: the build is one transaction).
/// </summary>
public sealed class BuildMartsConsumer(IWarehouseEngine engine, ILogger<BuildMartsConsumer> logger) : IConsumer<BuildMarts>
{
    /// <summary>The warehouse service's ActivitySource.</summary>
    public static readonly ActivitySource Activity = WarehouseTelemetry.ActivitySource;

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<BuildMarts> context)
    {
        var command = context.Message;
        using var span = Activity.StartStep("build marts", command.RunId);
        var started = Stopwatch.StartNew();
        try
        {
            var result = await engine.BuildMartsAsync(command.RunId, context.CancellationToken);

            span?.SetTag(LakeTelemetry.RowsTag, result.RowCounts.Values.Sum());
            logger.LogInformation("Built the marts: {RowCounts}", string.Join(", ", result.RowCounts.Select(kv => $"{kv.Key}={kv.Value}")));
            await context.Publish(new MartsBuilt(command.RunId, result.RowCounts, started.Elapsed.TotalSeconds));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            logger.LogError(ex, "Building the marts failed");
            await context.Publish(new MartsBuildFailed(command.RunId, $"{ex.GetType().Name}: {ex.Message}"));
        }
    }
}
