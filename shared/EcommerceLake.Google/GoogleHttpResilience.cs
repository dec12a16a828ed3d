using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EcommerceLake.Google;

/// <summary>
/// The HTTP plumbing of <see cref="GoogleApiClient"/>: a named <see cref="HttpClient"/> (<see cref="HttpClientName"/>)
/// whose resilience pipeline (Microsoft.Extensions.Http.Resilience, Polly) retries transient failures, and whose
/// innermost handler adds a fresh bearer token to every attempt.
/// <para>
/// The rules, from Google's "Retry strategy" guidance (https://cloud.google.com/storage/docs/retry-strategy) and
/// BigQuery's error table (https://cloud.google.com/bigquery/docs/error-messages): retry 408, 429, 500, 502, 503, 504,
/// 403 with the reason <c>rateLimitExceeded</c> or <c>userRateLimitExceeded</c>, a dropped connection
/// (<see cref="HttpRequestException"/>) and an attempt that timed out — at most <c>GoogleCloud:MaxAttempts</c>
/// attempts in all, with truncated exponential back-off with jitter from <c>GoogleCloud:RetryDelayMilliseconds</c>
/// capped at <c>GoogleCloud:MaxRetryDelayMilliseconds</c>. A <c>Retry-After</c> header (RFC 9110 §10.2.3:
/// delay-seconds or an HTTP-date, measured on the <see cref="TimeProvider"/>) takes the place of the back-off, capped
/// at the same maximum. Each attempt is limited to <c>GoogleCloud:RequestTimeoutSeconds</c> until the answer's headers
/// arrive. A circuit breaker stops calls for <see cref="BreakDuration"/> when at least 90 % of at least 20 calls in 30
/// s failed transiently (an outage: callers then fail fast, and retries wait it out). Only idempotent requests may be
/// retried: a request carrying <see cref="NoRetry"/> is sent once. Every wait runs on the container's
/// <see cref="TimeProvider"/>.
/// </para>
/// </summary>
public static class GoogleHttpResilience
{
    /// <summary>Name of the <see cref="HttpClient"/> and of its resilience pipeline.</summary>
    public const string HttpClientName = "google";

    /// <summary>How long the circuit stays open after an outage was detected.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);

    /// <summary>Set to true on a request that must not be retried (it is not idempotent).</summary>
    public static readonly HttpRequestOptionsKey<bool> NoRetry = new("EcommerceLake.Google.NoRetry");

    private static readonly string[] RateLimitReasons = ["rateLimitExceeded", "userRateLimitExceeded"];

    /// <summary>
    /// Registers the named client with its pipeline and the authorization handler, and <see cref="GoogleApiClient"/>
    /// (a singleton over it). Needs <see cref="IOptions{GoogleCloudOptions}"/>; registers
    /// <see cref="TimeProvider.System"/> and <see cref="GoogleCredentialTokenSource"/> unless others are registered.
    /// Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddGoogleApiClient(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(GoogleApiClient))) return services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGoogleAccessTokenSource, GoogleCredentialTokenSource>();
        // Attempt time limits are the pipeline's, so the HttpClient's own overall limit is off.
        services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(HttpClientName, (pipeline, context) => Configure(pipeline,
                context.ServiceProvider.GetRequiredService<IOptions<GoogleCloudOptions>>().Value,
                context.ServiceProvider.GetRequiredService<TimeProvider>(),
                context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GoogleApiClient))));
        services.AddTransient<GoogleAuthorizationHandler>();
        services.AddHttpClient(HttpClientName).AddHttpMessageHandler<GoogleAuthorizationHandler>();
        services.AddSingleton(sp => new GoogleApiClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<GoogleCloudOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Adds the retry, circuit-breaker and attempt time-out strategies that <paramref name="options"/>
    /// describe.</summary>
    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline, GoogleCloudOptions options, TimeProvider time,
        ILogger logger)
    {
        pipeline.TimeProvider = time;
        var maxDelay = TimeSpan.FromMilliseconds(options.MaxRetryDelayMilliseconds);
        if (options.MaxAttempts > 1)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                MaxDelay = maxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args =>
                    args.Context.GetRequestMessage()?.Options.TryGetValue(NoRetry, out var no) == true && no
                    ? ValueTask.FromResult(false)
                    : IsRetryableAsync(args.Outcome, retrying: true, args.Context.CancellationToken),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } answer
                    ? RetryAfter(answer, time.GetUtcNow(), maxDelay)
                    : null),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    logger.LogWarning(
                        "{Method} {Resource} failed ({Failure}); attempt {Attempt} of {Attempts}, retrying in " +
                        "{Delay} ms",
                        request?.Method, GoogleApiClient.Resource(request?.RequestUri), Describe(args.Outcome),
                        args.AttemptNumber + 1, options.MaxAttempts, (long)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.9,
            MinimumThroughput = 20,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = BreakDuration,
            ShouldHandle = args => IsRetryableAsync(args.Outcome, retrying: false, args.Context.CancellationToken),
        });
        pipeline.AddTimeout(TimeSpan.FromSeconds(options.RequestTimeoutSeconds));
    }

    /// <summary>
    /// The wait a <c>Retry-After</c> header of <paramref name="answer"/> asks for (RFC 9110 §10.2.3), at most
    /// <paramref name="max"/>; null when there is none, it cannot be read or its date has passed.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage answer, DateTimeOffset now, TimeSpan max)
    {
        if (answer.Headers.RetryAfter is not RetryConditionHeaderValue header) return null;
        var delay = header.Delta ?? (header.Date is { } date ? date - now : null);
        if (delay is not { } d || d < TimeSpan.Zero) return null;
        return d > max ? max : d;
    }

    /// <summary>
    /// True for the outcomes Google calls transient: the statuses of <see cref="GoogleApiClient.IsTransient"/>, 403
    /// with a     /// rate-limit reason (the body is buffered to read it), a dropped connection, an attempt time-out,
    /// and — when
    /// <paramref name="retrying"/> — an open circuit.
    /// </summary>
    private static async ValueTask<bool> IsRetryableAsync(
        Outcome<HttpResponseMessage> outcome, bool retrying, CancellationToken cancellationToken)
    {
        if (outcome.Exception is { } e)
            return e is HttpRequestException or TimeoutRejectedException || (retrying && e is BrokenCircuitException);
        var answer = outcome.Result!;
        if (GoogleApiClient.IsTransient(answer.StatusCode)) return true;
        if (answer.StatusCode != HttpStatusCode.Forbidden || answer.Content is null) return false;
        try
        {
            await answer.Content.LoadIntoBufferAsync(cancellationToken);
            using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                   && error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                   && errors.EnumerateArray().Any(x => x.TryGetProperty("reason", out var r)
                       && RateLimitReasons.Contains(r.GetString(), StringComparer.Ordinal));
        }
        catch (Exception x) when (x is JsonException or HttpRequestException or IOException)
        {
            return false;
        }
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception?.Message ?? $"{(int)outcome.Result!.StatusCode} {outcome.Result.StatusCode}";

    /// <summary>Adds the bearer token of <see cref="IGoogleAccessTokenSource"/> to each attempt (none for
    /// <c>None</c>).</summary>
    private sealed class GoogleAuthorizationHandler(IGoogleAccessTokenSource tokens) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var token = await tokens.GetAccessTokenAsync(cancellationToken);
            request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
