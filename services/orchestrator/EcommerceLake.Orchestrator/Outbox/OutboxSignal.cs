namespace EcommerceLake.Orchestrator.Outbox;

/// <summary>
/// Wakes <see cref="OutboxRelay"/> when a saga transaction has committed, so commands go out at once instead of at the
/// next poll. Signals coalesce: many commits before the relay wakes cause one pass.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Says that new outbox rows may have been committed.</summary>
    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit signalled first: one pass picks up both.
            }
        }
    }

    /// <summary>Completes when <see cref="Notify"/> was called (since the last wait) or after
    /// <paramref name="timeout"/> of real time (a fallback poll; the relay's work does not depend on the clock).
    /// </summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);
}
