namespace EcommerceLake.Processing.Tests.Dataproc;

/// <summary>
/// A clock that runs <c>factor</c> times faster than the real one (timestamps, UTC time and timers), so that
/// minute-based time-outs elapse in milliseconds without sleeping in the test.
/// </summary>
public sealed class FastTimeProvider(double factor) : TimeProvider
{
    private readonly long _start = System.GetTimestamp();
    private readonly DateTimeOffset _startUtc = System.GetUtcNow();

    public override long TimestampFrequency => System.TimestampFrequency;

    public override long GetTimestamp() => _start + (long)((System.GetTimestamp() - _start) * factor);

    public override DateTimeOffset GetUtcNow() => _startUtc + TimeSpan.FromTicks((long)((System.GetUtcNow() - _startUtc).Ticks * factor));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : TimeSpan.FromTicks((long)(span.Ticks / factor));
}
