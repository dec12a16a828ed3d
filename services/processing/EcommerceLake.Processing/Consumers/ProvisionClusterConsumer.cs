using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Processing.Consumers;

/// <summary>
/// Handles <see cref="ProvisionCluster"/>: has the run's cluster requested while extraction runs, waits until it is
/// ready and publishes <see cref="ClusterProvisioned"/> (from which the orchestrator counts its uptime). With an engine
/// that has no clusters it does nothing. A failure is logged and not retried here: the stream jobs make sure of the
/// cluster themselves (same request id) and report its failure with the stream, which fails the run and deletes the
/// cluster.
/// </summary>
public sealed class ProvisionClusterConsumer(IClusterManager clusters, ILogger<ProvisionClusterConsumer> logger)
    : IConsumer<ProvisionCluster>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ProvisionCluster> context)
    {
        var runId = context.Message.RunId;
        using var span = ProcessingTelemetry.ActivitySource.StartStep("provision cluster", runId);
        try
        {
            var cluster = await clusters.ProvisionAsync(runId, context.CancellationToken);
            if (cluster is null) return;
            span?.SetTag("lake.cluster", cluster.ClusterName);
            logger.LogInformation("Cluster {Cluster} of run {RunId} is ready", cluster.ClusterName, runId);
            await context.Publish(new ClusterProvisioned
            {
                RunId = runId,
                ClusterName = cluster.ClusterName,
                ProvisionedAt = cluster.ReadyAt,
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            logger.LogError(ex, "The cluster of run {RunId} could not be provisioned; its stream jobs will fail with " +
                "this cause", runId);
        }
    }
}
