using EcommerceLake.Orchestrator.Sagas;
using MassTransit;
using MassTransit.Middleware;

namespace EcommerceLake.Orchestrator.Infrastructure;

/// <summary>
/// The <see cref="ISagaRepository{TSaga}"/> of pipeline runs over EF Core and PostgreSQL: each call to
/// <see cref="Send{T}"/> is one delivery attempt, run by <see cref="PipelineRunSagaRepositoryContextFactory"/> in a
/// fresh DbContext and transaction with optimistic concurrency on <c>xmin</c>. The bus (MassTransit's container
/// registration) reaches the same factory through <c>ISagaRepositoryContextFactory&lt;PipelineRunState&gt;</c>; this
/// class serves endpoints configured by hand (<c>e.StateMachineSaga(machine, repository)</c>).
/// </summary>
public sealed class PipelineRunSagaRepository(PipelineRunSagaRepositoryContextFactory factory)
    : ISagaRepository<PipelineRunState>
{
    /// <inheritdoc />
    /// <exception cref="SagaException">The message has no correlation id.</exception>
    public Task Send<T>(ConsumeContext<T> context, ISagaPolicy<PipelineRunState, T> policy,
        IPipe<SagaConsumeContext<PipelineRunState, T>> next)
        where T : class
    {
        var correlationId = context.CorrelationId
            ?? throw new SagaException(
                "The message has no correlation id (RunId).", typeof(PipelineRunState), typeof(T));
        return factory.Send(context, new SendSagaPipe<PipelineRunState, T>(policy, next, correlationId));
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always: pipeline runs correlate by <c>RunId</c> only.</exception>
    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<PipelineRunState> query,
        ISagaPolicy<PipelineRunState, T> policy, IPipe<SagaConsumeContext<PipelineRunState, T>> next)
        where T : class =>
        factory.SendQuery(context, query, new SendQuerySagaPipe<PipelineRunState, T>(policy, next));

    /// <inheritdoc />
    public void Probe(ProbeContext context) => factory.Probe(context.CreateScope("pipelineRunSagaRepository"));
}
