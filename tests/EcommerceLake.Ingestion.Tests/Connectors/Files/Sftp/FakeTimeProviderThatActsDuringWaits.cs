using Microsoft.Extensions.Time.Testing;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files.Sftp;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that, when the code under test starts a timer (the connector's stability wait,
/// <c>Task.Delay(interval, clock)</c>), runs the queued action and then advances fake time by the timer's due time,
/// so the wait ends at once and "what happens meanwhile" happens between the two listings. FakeTimeProvider alone
/// has no hook for "a timer was created", hence this override.
/// </summary>
public sealed class FakeTimeProviderThatActsDuringWaits : FakeTimeProvider
{
    private readonly Queue<Action> _actions = new();
    private int _waits;

    /// <summary>Timers created so far (one per stability wait).</summary>
    public int Waits => Volatile.Read(ref _waits);

    /// <summary>Runs <paramref name="action"/> during the next wait.</summary>
    public void DuringNextWait(Action action)
    {
        lock (_actions) _actions.Enqueue(action);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _waits);
        Action? action;
        lock (_actions) _actions.TryDequeue(out action);
        action?.Invoke();
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan) Advance(dueTime);
        return timer;
    }
}
