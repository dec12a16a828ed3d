using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Processing.Consumers;

/// <summary>
/// Handles <see cref="DeleteCluster"/>: deletes the run's cluster and waits until it is gone. Publishes
/// <see cref="ClusterDeleted"/> whenever the engine confirms the cluster is gone — deleted now, by an earlier
/// delivery (same request id), or already absent (404: never created, or removed by its idle-delete TTL) — so the
/// orchestrator's record is closed even when an earlier delivery deleted the cluster but its event was lost (repeats
/// are harmless there). With an engine that has no clusters nothing is published. A failure is logged as an error and
/// rethrown, so MassTransit's retry delivers the command again and, once retries are exhausted, it lands in the error
/// queue; the cluster's idle-delete TTL and maximum age remain the safety net.
/// </summary>
public sealed class DeleteClusterConsumer(IClusterManager clusters, ILogger<DeleteClusterConsumer> logger)
    : IConsumer<DeleteCluster>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<DeleteCluster> context)
    {
        var command = context.Message;
        using var span = ProcessingTelemetry.ActivitySource.StartStep("delete cluster", command.RunId);
        ClusterDeletion? deletion;
        try
        {
            deletion = await clusters.DeleteAsync(command.RunId, context.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            logger.LogError(ex,
                "Deleting the cluster of run {RunId} ({Outcome}) failed; it keeps running, and costing, until a " +
                "retry succeeds or its idle-delete TTL expires (the cluster-uptime alert will flag it)",
                command.RunId, command.Outcome);
            throw;
        }
        if (deletion is null) return;

        span?.SetTag("lake.cluster", deletion.ClusterName);
        if (deletion.WasPresent)
            logger.LogInformation("Deleted cluster {Cluster} of run {RunId} ({Outcome})", deletion.ClusterName,
                command.RunId, command.Outcome);
        else
            logger.LogInformation("Cluster {Cluster} of run {RunId} ({Outcome}) was already gone", deletion.ClusterName,
                command.RunId, command.Outcome);
        await context.Publish(new ClusterDeleted
        {
            RunId = command.RunId,
            ClusterName = deletion.ClusterName,
            DeletedAt = deletion.DeletedAt,
        });
    }
}
