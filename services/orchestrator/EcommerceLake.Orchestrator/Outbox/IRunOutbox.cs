using MassTransit;

namespace EcommerceLake.Orchestrator.Outbox;

/// <summary>
/// The run saga's durable outbox: <see cref="AddAsync"/> stores a message in the saga attempt's transaction, and
/// <see cref="OutboxRelay"/> publishes it once that transaction has committed. A rolled-back attempt publishes nothing;
/// a committed one publishes everything at least once, even across a crash (pattern: transactional outbox).
/// </summary>
public interface IRunOutbox
{
    /// <summary>Stores <paramref name="message"/> (any contract record) for publication after the commit of the
    /// attempt that <paramref name="context"/> belongs to.</summary>
    Task AddAsync(PipeContext context, Guid runId, object message, CancellationToken cancellationToken);
}
