using System.Net.Http.Headers;

namespace EcommerceLake.Ingestion.Connectors.Reviews;

/// <summary>
/// Reads the <c>Retry-After</c> header (RFC 9110 §10.2.3) of a response: either delay-seconds (a non-negative
/// integer) or an HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime forms, all of which
/// <see cref="RetryConditionHeaderValue"/> parses). A date is turned into a wait against the client's clock; a date
/// in the past means no wait.
/// </summary>
public static class ReviewsRetryAfter
{
    /// <summary>The wait <paramref name="response"/> asks for, or null when it has no (readable)
    /// <c>Retry-After</c>.</summary>
    /// <param name="response">The response.</param>
    /// <param name="now">The client's current time (UTC), for the HTTP-date form.</param>
    public static TimeSpan? Of(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date) return date <= now ? TimeSpan.Zero : date - now;
        return null;
    }
}
