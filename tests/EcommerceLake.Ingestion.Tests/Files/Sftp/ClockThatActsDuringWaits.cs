namespace EcommerceLake.Ingestion.Tests.Files.Sftp;

/// <summary>
/// A clock whose timers fire at once, running a given action first: what happens "while the connector waits"
/// between its two listings, without waiting.
/// </summary>
public sealed class ClockThatActsDuringWaits : TimeProvider
{
    private readonly Queue<Action> _actions = new();

    /// <summary>Timers created so far (one per stability wait).</summary>
    public int Waits { get; private set; }

    /// <summary>Runs <paramref name="action"/> during the next wait.</summary>
    public void DuringNextWait(Action action) => _actions.Enqueue(action);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Waits++;
        if (_actions.TryDequeue(out var action)) action();
        return System.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
