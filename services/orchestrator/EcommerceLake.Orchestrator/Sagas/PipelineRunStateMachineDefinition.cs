using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>
/// Endpoint configuration of the run saga: a message that lost an optimistic-concurrency race
/// (<see cref="DbUpdateConcurrencyException"/>; rare, as events of one run wait on its row lock) is retried, each
/// attempt in a fresh DbContext and transaction. The
/// messages an attempt publishes go to the durable outbox in that transaction (<see cref="Outbox.IRunOutbox"/>), so a
/// failed attempt publishes nothing and a committed one is published by <see cref="Outbox.OutboxRelay"/>.
/// </summary>
public sealed class PipelineRunStateMachineDefinition : SagaDefinition<PipelineRunState>
{
    private readonly OrchestratorOptions _options;

    /// <summary>Creates the definition with <c>Orchestrator:ConcurrencyRetryLimit</c>.</summary>
    public PipelineRunStateMachineDefinition(IOptions<OrchestratorOptions> options)
    {
        _options = options.Value;
    }

    /// <inheritdoc />
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator,
        ISagaConfigurator<PipelineRunState> sagaConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Handle<DbUpdateConcurrencyException>();
            r.Exponential(_options.ConcurrencyRetryLimit, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(500),
                TimeSpan.FromMilliseconds(15));
        });
    }
}
