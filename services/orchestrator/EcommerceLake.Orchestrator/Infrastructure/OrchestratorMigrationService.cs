using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Infrastructure;

/// <summary>
/// Hosted service that applies the orchestrator's SQL scripts when the host starts, then signals
/// <see cref="OrchestratorSchema"/>.
/// </summary>
internal sealed class OrchestratorMigrationService(
    IOptions<OrchestratorConnectionOptions> connection,
    OrchestratorSchema schema,
    ILogger<OrchestratorMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var applied = await OrchestratorSchema.ApplyAsync(
                connection.Value.Orchestrator!, logger, cancellationToken);
            logger.LogInformation("Orchestrator schema is up to date ({Applied} scripts applied now)", applied.Count);
            schema.MarkReady();
        }
        catch (Exception ex)
        {
            schema.MarkFailed(ex);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
