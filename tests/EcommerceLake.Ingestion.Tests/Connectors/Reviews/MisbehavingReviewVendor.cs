using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

/// <summary>One <c>GET /v1/reviews</c> the vendor received.</summary>
/// <param name="Number">1 for the first page request (retries included), 2 for the next…</param>
/// <param name="Query">The query parameters.</param>
/// <param name="Token">The bearer token sent.</param>
public sealed record VendorPageCall(int Number, IReadOnlyDictionary<string, string> Query, string? Token)
{
    public bool HasCursor => Query.ContainsKey("cursor");

    /// <summary>The status the vendor answered (set once answered).</summary>
    public int Status { get; set; }
}

/// <summary>
/// A misbehaving review vendor: a small ASP.NET Core app in front of the real demo API
/// (<see cref="EcommerceLake.DemoSources.ReviewApi.ReviewApiServer"/>) that forwards every request unless a scripted
/// rule answers it first. Rules see each page request (numbered, retries included) and return a reply (see
/// <see cref="Misbehaviour"/>) or null to let the request through.
/// </summary>
public sealed class MisbehavingReviewVendor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentQueue<VendorPageCall> _calls = new();
    private readonly List<Func<VendorPageCall, IResult?>> _rules = [];
    private int _pageCalls;
    private int _tokenCalls;

    private MisbehavingReviewVendor(WebApplication app, Uri upstream)
    {
        _app = app;
        _upstream = new HttpClient { BaseAddress = upstream };
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every page request, in arrival order.</summary>
    public IReadOnlyList<VendorPageCall> PageCalls => _calls.ToArray();

    /// <summary>Token requests received.</summary>
    public int TokenCalls => Volatile.Read(ref _tokenCalls);

    public static async Task<MisbehavingReviewVendor> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var vendor = new MisbehavingReviewVendor(app, upstream);
        app.MapPost("/oauth/token", (Delegate)vendor.TokenAsync);
        app.MapGet("/v1/reviews", (Delegate)vendor.PageAsync);
        await app.StartAsync();
        vendor.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return vendor;
    }

    /// <summary>Adds a rule; rules are tried in the order added.</summary>
    public MisbehavingReviewVendor When(Func<VendorPageCall, IResult?> rule)
    {
        lock (_rules) _rules.Add(rule);
        return this;
    }

    /// <summary>Answers page request number <paramref name="number"/> with <paramref name="reply"/>.</summary>
    public MisbehavingReviewVendor OnCall(int number, Func<IResult> reply) =>
        When(c => c.Number == number ? reply() : null);

    /// <summary>Drops every rule: from now on the vendor behaves.</summary>
    public void Behave()
    {
        lock (_rules) _rules.Clear();
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenCalls);
        var form = await context.Request.ReadFormAsync();
        using var response = await _upstream.PostAsync("oauth/token",
            new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value.ToString()))));
        return await RelayAsync(response);
    }

    private async Task<IResult> PageAsync(HttpContext context)
    {
        var token = AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            ? header.Parameter
            : null;
        var call = new VendorPageCall(Interlocked.Increment(ref _pageCalls),
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), token);
        _calls.Enqueue(call);
        Func<VendorPageCall, IResult?>[] rules;
        lock (_rules) rules = [.. _rules];
        foreach (var rule in rules)
        {
            if (rule(call) is not { } scripted) continue;
            await scripted.ExecuteAsync(context);
            call.Status = context.Response.StatusCode;
            return Results.Empty;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/reviews" + context.Request.QueryString);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _upstream.SendAsync(request);
        call.Status = (int)response.StatusCode;
        return await RelayAsync(response);
    }

    private static async Task<IResult> RelayAsync(HttpResponseMessage response) =>
        Results.Text(await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString(),
            statusCode: (int)response.StatusCode);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}

/// <summary>Replies a misbehaving vendor gives.</summary>
public static class Misbehaviour
{
    /// <summary>
    /// 429 with <c>Retry-After</c> <paramref name="retryAfter"/> (delay-seconds or an HTTP-date), or none.
    /// </summary>
    public static IResult TooManyRequests(string? retryAfter) =>
        new Reply(StatusCodes.Status429TooManyRequests, retryAfter, """{"error":"rate_limited"}""");

    /// <summary>A 5xx, with <c>Retry-After</c> when given.</summary>
    public static IResult ServerError(
        int status = StatusCodes.Status503ServiceUnavailable, string? retryAfter = null) =>
        new Reply(status, retryAfter, """{"error":"server_error"}""");

    /// <summary>410 Gone for an expired cursor.</summary>
    public static IResult CursorGone() => new Reply(StatusCodes.Status410Gone, null,
        """{"error":"cursor_expired","error_description":"The cursor has expired."}""");

    /// <summary>400 with an "invalid cursor" error.</summary>
    public static IResult InvalidCursor() => new Reply(StatusCodes.Status400BadRequest, null,
        """{"error":"invalid_cursor","error_description":"Unknown cursor."}""");

    /// <summary>401 as for an expired access token (RFC 6750 §3.1).</summary>
    public static IResult ExpiredToken() => new Reply(StatusCodes.Status401Unauthorized, null,
        """{"error":"invalid_token","error_description":"The access token expired."}""",
        "Bearer realm=\"reviews\", error=\"invalid_token\"");

    private sealed class Reply(int status, string? retryAfter, string body, string? wwwAuthenticate = null) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (retryAfter is not null) httpContext.Response.Headers.RetryAfter = retryAfter;
            if (wwwAuthenticate is not null) httpContext.Response.Headers.WWWAuthenticate = wwwAuthenticate;
            httpContext.Response.ContentType = "application/json";
            return httpContext.Response.WriteAsync(body);
        }
    }
}
