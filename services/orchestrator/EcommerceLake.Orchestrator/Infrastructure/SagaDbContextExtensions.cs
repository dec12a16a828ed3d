using MassTransit;

namespace EcommerceLake.Orchestrator.Infrastructure;

/// <summary>
/// Gives saga activities the DbContext of the current attempt, so their writes share the saga's transaction.
/// </summary>
internal static class SagaDbContextExtensions
{
    /// <summary>
    /// The <see cref="OrchestratorDbContext"/> of the attempt that is handling <paramref name="context"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The context does not come from <see cref="PipelineRunSagaRepositoryContextFactory"/>.
    /// </exception>
    public static OrchestratorDbContext GetOrchestratorDbContext(this PipeContext context) =>
        context.TryGetPayload<OrchestratorDbContext>(out var dbContext)
            ? dbContext
            : throw new InvalidOperationException("No OrchestratorDbContext on this context: "
                + "the PipelineRunState saga must use PipelineRunSagaRepository.");
}
