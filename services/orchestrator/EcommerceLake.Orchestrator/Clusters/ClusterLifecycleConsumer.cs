using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Metrics;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Clusters;

/// <summary>
/// Records <see cref="ClusterProvisioned"/> and <see cref="ClusterDeleted"/> in <c>orchestrator.clusters</c> (either
/// order, repeats harmless) for the <see cref="ClusterWatcher"/>, and on deletion records the cluster's uptime in the
/// histogram <c>lake.cluster.uptime</c>.
/// </summary>
public sealed class ClusterLifecycleConsumer(
    IDbContextFactory<OrchestratorDbContext> dbContextFactory, OrchestratorSchema schema)
    : IConsumer<ClusterProvisioned>, IConsumer<ClusterDeleted>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ClusterProvisioned> context)
    {
        var m = context.Message;
        await schema.WhenReadyAsync(context.CancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(context.CancellationToken);
        await dbContext.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO orchestrator.clusters (cluster_name, run_id, provisioned_at) VALUES ({m.ClusterName},
                 {m.RunId}, {m.ProvisionedAt})
             ON CONFLICT (cluster_name) DO UPDATE SET provisioned_at = coalesce(orchestrator.clusters.provisioned_at,
                 EXCLUDED.provisioned_at)
             """,
            context.CancellationToken);
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ClusterDeleted> context)
    {
        var m = context.Message;
        await schema.WhenReadyAsync(context.CancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(context.CancellationToken);
        var provisionedAt = await dbContext.Database.SqlQuery<DateTimeOffset?>(
                $"""
                 INSERT INTO orchestrator.clusters (cluster_name, run_id, deleted_at) VALUES ({m.ClusterName},
                     {m.RunId}, {m.DeletedAt})
                 ON CONFLICT (cluster_name) DO UPDATE SET deleted_at = coalesce(orchestrator.clusters.deleted_at,
                     EXCLUDED.deleted_at)
                 RETURNING provisioned_at AS "Value"
                 """)
            .ToListAsync(context.CancellationToken);
        if (provisionedAt is [{ } start])
            PipelineMetrics.ClusterUptime.Record(Math.Max(0, (m.DeletedAt - start).TotalSeconds),
                new KeyValuePair<string, object?>("lake.cluster", m.ClusterName));
    }
}
