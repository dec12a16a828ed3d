using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>One attempt of the run saga's endpoint at a message, ended successfully (<paramref name="Error"/> null) or
/// not. An attempt that lost a concurrency race (<see cref="LostRace"/>) is retried by the endpoint's retry filter, so
/// it is followed by another record of the same message.</summary>
public sealed record SagaConsumed(Guid? MessageId, object Message, Exception? Error)
{
    /// <summary>The attempt threw.</summary>
    public bool Faulted => Error is not null;

    /// <summary>The attempt threw <see cref="DbUpdateConcurrencyException"/> and is retried.</summary>
    public bool LostRace => Error is DbUpdateConcurrencyException;
}
