namespace EcommerceLake.Ingestion.Connectors.Reviews;

/// <summary>
/// The review API's current access token, shared by every request of the process. A token is reused until shortly
/// before it expires (a tenth of its lifetime, at most one minute, before <c>expires_in</c> runs out), and replaced
/// at once when the API rejects it. Only one request at a time fetches a new token.
/// </summary>
public sealed class ReviewsTokenCache(TimeProvider clock)
{
    private static readonly TimeSpan MaxMargin = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile Entry? _current;

    /// <summary>
    /// A token that is still good, or a new one from <paramref name="acquire"/> (which returns the token and its
    /// lifetime). With <paramref name="rejected"/> set, that token is not returned again.
    /// </summary>
    public async ValueTask<string> GetAsync(
        Func<CancellationToken, Task<(string Token, TimeSpan Lifetime)>> acquire, string? rejected,
        CancellationToken cancellationToken)
    {
        if (IsUsable(_current, rejected, out var token)) return token;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (IsUsable(_current, rejected, out token)) return token;
            var (value, lifetime) = await acquire(cancellationToken);
            var margin = TimeSpan.FromTicks(Math.Min(MaxMargin.Ticks, lifetime.Ticks / 10));
            _current = new Entry(value, clock.GetUtcNow() + lifetime - margin);
            return value;
        }
        finally
        {
            _lock.Release();
        }
    }

    private bool IsUsable(Entry? entry, string? rejected, out string token)
    {
        token = entry?.Token ?? "";
        return entry is not null && entry.Token != rejected && clock.GetUtcNow() < entry.RenewAt;
    }

    private sealed record Entry(string Token, DateTimeOffset RenewAt);
}
