namespace EcommerceLake.Google;

/// <summary>
/// Truncated exponential back-off: wait <c>min(Max, Initial × Factor^n)</c> before attempt <c>n + 1</c>, with full
/// jitter on the upper half (a wait in [d/2, d]) as Google's retry guidance recommends
/// (https://cloud.google.com/storage/docs/retry-strategy#exponential-backoff).
/// </summary>
/// <param name="Initial">The first wait.</param>
/// <param name="Max">The cap of any wait.</param>
/// <param name="Factor">Growth per attempt, at least 1.</param>
public sealed record Backoff(TimeSpan Initial, TimeSpan Max, double Factor)
{
    /// <summary>The wait before retry number <paramref name="attempt"/> (0 for the first retry), jittered with <paramref name="random"/> when given.</summary>
    public TimeSpan Delay(int attempt, Random? random = null)
    {
        var ms = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(Math.Max(1, Factor), Math.Min(attempt, 30)));
        if (random is not null) ms = ms / 2 + random.NextDouble() * ms / 2;
        return TimeSpan.FromMilliseconds(ms);
    }
}
