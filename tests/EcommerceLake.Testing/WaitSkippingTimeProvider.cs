using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceLake.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> on which waits pass at once: every timer that is a wait (a
/// <c>Task.Delay(delay, timeProvider)</c>, such as a retry back-off of a resilience pipeline) is recorded in
/// <see cref="Waits"/>, and as soon as it is pending the clock is advanced by its due time, which fires it — so
/// back-off decisions are asserted exactly and cost no real time. Timers behind a <see cref="CancellationTokenSource"/>
/// (time-outs) are not waits: they fire only when time moves past them, by a wait or by
/// <see cref="FakeTimeProvider.Advance"/>. Use <see cref="FakeTimeProvider.AdjustTime"/> to move the wall clock without
/// firing time-outs of calls in flight.
/// </summary>
public sealed class WaitSkippingTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    /// <summary>Starts at 2024-05-01 12:00 UTC.</summary>
    public WaitSkippingTimeProvider()
        : this(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Starts at <paramref name="start"/>.</summary>
    public WaitSkippingTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Every wait asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => _waits.ToArray();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan && state is not CancellationTokenSource)
        {
            _waits.Enqueue(dueTime);
            // Off the caller's thread: the wait's task is fully set up before its timer fires.
            ThreadPool.UnsafeQueueUserWorkItem(_ => Advance(dueTime), null);
        }
        return timer;
    }
}
