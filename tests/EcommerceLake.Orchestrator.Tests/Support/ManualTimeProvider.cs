namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when the test calls <see cref="Advance"/>; timers created from it
/// (PeriodicTimer included) fire during <see cref="Advance"/>, on the caller's thread. Starts at the real current time
/// so that times written with the system clock (the saga's step start times) compare sensibly.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(TimeSpan Period, int Count, TaskCompletionSource Created)> _waiters = [];
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    /// <summary>How many live timers exist (a hosted service's PeriodicTimer shows up here once it waits).</summary>
    public int TimerCount
    {
        get { lock (_lock) return _timers.Count(t => t.Due is not null); }
    }

    /// <summary>
    /// Moves the clock up to the real time when it lags behind it, for tests that compare it with times the code under
    /// test took from the real clock (a loaded machine can spend many seconds between the clock's creation and that moment).
    /// </summary>
    public void CatchUpWithRealTime()
    {
        var lag = DateTimeOffset.UtcNow - GetUtcNow();
        if (lag > TimeSpan.Zero) Advance(lag);
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        DateTimeOffset target;
        lock (_lock) target = _now + delta;
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due is { } due && due <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    _now = target;
                    return;
                }
                if (next.Due > _now) _now = next.Due!.Value;
                next.Due = next.Period is { } period && period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan ? _now + period : null;
            }
            next.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        List<TaskCompletionSource> created;
        lock (_lock)
        {
            _timers.Add(timer);
            var ready = _waiters.Where(w => _timers.Count(t => t.Period == w.Period) >= w.Count).ToList();
            created = ready.Select(w => w.Created).ToList();
            _waiters.RemoveAll(ready.Contains);
        }
        foreach (var done in created) done.TrySetResult();
        return timer;
    }

    /// <summary>
    /// Completes once <paramref name="count"/> timers with <paramref name="period"/> exist (hosted services' PeriodicTimers
    /// are waiting: a timer created after an <see cref="Advance"/> counts from the new time and would miss it).
    /// </summary>
    public Task WaitForTimerAsync(TimeSpan period, int count = 1)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_timers.Count(t => t.Period == period) >= count) done.TrySetResult();
            else _waiters.Add((period, count, done));
        }
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period;
            }
            return true;
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                Due = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
