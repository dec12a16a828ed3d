using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EcommerceLake.Orchestrator.Infrastructure;

/// <summary>Readiness check <c>orchestrator-db</c>: the schema scripts are applied and the database answers.</summary>
internal sealed class OrchestratorDatabaseHealthCheck(
    IDbContextFactory<OrchestratorDbContext> dbContextFactory, OrchestratorSchema schema) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!schema.IsReady) return HealthCheckResult.Unhealthy("The orchestrator schema is not applied yet.");
        try
        {
            await using var dbContext = await dbContextFactory.CreateDbContextAsync(cancellationToken);
            return await dbContext.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The orchestrator database does not answer.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The orchestrator database does not answer.", ex);
        }
    }
}
