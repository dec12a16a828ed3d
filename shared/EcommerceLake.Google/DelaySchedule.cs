namespace EcommerceLake.Google;

/// <summary>
/// A growing wait between two looks at something that is not finished yet: <c>min(Max, Initial × Factor^n)</c> before
/// look <c>n + 1</c>, without jitter. Used to poll long-running operations and jobs (<see cref="GooglePoller"/>,
/// Dataproc cluster deletion). It is not an HTTP retry policy: transient HTTP failures are retried by the resilience
/// pipeline of <see cref="GoogleHttpResilience"/>.
/// </summary>
/// <param name="Initial">The first wait.</param>
/// <param name="Max">The cap of any wait.</param>
/// <param name="Factor">Growth per look, at least 1.</param>
public sealed record DelaySchedule(TimeSpan Initial, TimeSpan Max, double Factor)
{
    /// <summary>The wait after look number <paramref name="attempt"/> (0 for the first): never above
    /// <see cref="Max"/>.</summary>
    public TimeSpan Delay(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(Max.TotalMilliseconds,
            Initial.TotalMilliseconds * Math.Pow(Math.Max(1, Factor), Math.Clamp(attempt, 0, 30))));
}
