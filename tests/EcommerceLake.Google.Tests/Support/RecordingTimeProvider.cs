using System.Collections.Concurrent;

namespace EcommerceLake.Google.Tests.Support;

/// <summary>
/// The system clock, except that every timer (the waits of <c>Task.Delay(delay, timeProvider)</c>) fires at once and its
/// requested delay is recorded: back-off decisions become visible without waiting for them.
/// </summary>
public sealed class RecordingTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _delays = new();

    /// <summary>The delays asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays => _delays.ToArray();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan) _delays.Enqueue(dueTime);
        return base.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }
}
