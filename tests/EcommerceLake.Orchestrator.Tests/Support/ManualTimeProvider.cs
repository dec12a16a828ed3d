using Microsoft.Extensions.Time.Testing;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>
/// <see cref="FakeTimeProvider"/> (its clock moves only on <see cref="FakeTimeProvider.Advance"/>, firing due timers)
/// starting at the real current time, plus a way to wait until hosted services' periodic timers exist: a timer
/// created after an <see cref="FakeTimeProvider.Advance"/> counts from the new time and would miss it.
/// </summary>
public sealed class ManualTimeProvider() : FakeTimeProvider(DateTimeOffset.UtcNow)
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _periods = [];
    private readonly List<(TimeSpan Period, int Count, TaskCompletionSource Created)> _waiters = [];

    /// <summary>Moves the clock up to the real time when it lags behind it (a loaded machine can spend seconds between
    /// the clock's creation and the moment a test compares it with a real-time stamp).</summary>
    public void CatchUpWithRealTime()
    {
        var lag = DateTimeOffset.UtcNow - GetUtcNow();
        if (lag > TimeSpan.Zero) Advance(lag);
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource> ready;
        lock (_lock)
        {
            _periods.Add(period);
            var done = _waiters.Where(w => _periods.Count(p => p == w.Period) >= w.Count).ToList();
            _waiters.RemoveAll(done.Contains);
            ready = done.Select(w => w.Created).ToList();
        }
        foreach (var created in ready) created.TrySetResult();
        return timer;
    }

    /// <summary>Completes once <paramref name="count"/> timers with <paramref name="period"/> have been created
    /// (at most 30 s).</summary>
    public Task WaitForTimerAsync(TimeSpan period, int count = 1)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_periods.Count(p => p == period) >= count) done.TrySetResult();
            else _waiters.Add((period, count, done));
        }
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
