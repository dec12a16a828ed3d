using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace EcommerceLake.DemoSources.ReviewApi;

/// <summary>Issued bearer tokens (random 256-bit values) and their expiry, held in memory.</summary>
internal sealed class ReviewApiTokens(TimeProvider clock, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private int _issued;

    /// <summary>Tokens issued so far.</summary>
    public int Issued => Volatile.Read(ref _issued);

    /// <summary>Issues a new token valid for the configured lifetime.</summary>
    public string Issue()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _expiries[token] = clock.GetUtcNow() + lifetime;
        Interlocked.Increment(ref _issued);
        return token;
    }

    /// <summary>True when <paramref name="token"/> was issued here and has not expired; expired tokens are
    /// forgotten.</summary>
    public bool IsValid(string token)
    {
        if (!_expiries.TryGetValue(token, out var expiry)) return false;
        if (expiry > clock.GetUtcNow()) return true;
        _expiries.TryRemove(token, out _);
        return false;
    }
}
