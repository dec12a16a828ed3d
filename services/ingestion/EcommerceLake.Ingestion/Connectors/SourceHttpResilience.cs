using System.Globalization;
using System.Net;
using EcommerceLake.Ingestion.Connectors.Reviews;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace EcommerceLake.Ingestion.Connectors;

/// <summary>The retry settings of one source's HTTP API, in the units of its configuration keys.</summary>
/// <param name="Section">The configuration section, for messages (<c>Sources:Reviews</c>).</param>
/// <param name="MaxRetries">Retries after the first attempt; 0 sends every request once.</param>
/// <param name="RetryDelay">The first back-off; each next one about doubles (exponential, with jitter).</param>
/// <param name="MaxRetryDelay">Cap of a back-off, and the longest <c>Retry-After</c> honoured.</param>
/// <param name="AttemptTimeout">Time limit of one attempt, until the answer's headers arrive.</param>
public sealed record SourceRetrySettings(
    string Section, int MaxRetries, TimeSpan RetryDelay, TimeSpan MaxRetryDelay, TimeSpan AttemptTimeout);

/// <summary>
/// The resilience pipeline (Microsoft.Extensions.Http.Resilience, Polly) of the typed <see cref="HttpClient"/> of a
/// source's HTTP API — the review vendor and Banco Central's SGS. The rules:
/// <list type="bullet">
/// <item>Transient, so retried up to <see cref="SourceRetrySettings.MaxRetries"/> times: a network error
/// (<see cref="HttpRequestException"/>), an attempt that exceeded <see cref="SourceRetrySettings.AttemptTimeout"/>,
/// 408, 429 and every 5xx. Any other status is the answer (a 401 is the reviews client's to handle: a new
/// token).</item>
/// <item>The wait before a retry: the <c>Retry-After</c> of the answer (RFC 9110 §10.2.3, delay-seconds or an
/// HTTP-date against the <see cref="TimeProvider"/>, read by <see cref="ReviewsRetryAfter"/>), else exponential
/// back-off with decorrelated jitter from <see cref="SourceRetrySettings.RetryDelay"/>, capped at
/// <see cref="SourceRetrySettings.MaxRetryDelay"/>. An answer whose <c>Retry-After</c> asks for more than that cap is
/// not retried: it stands, and the extraction fails now (the offset stays; the next run resumes).</item>
/// <item>Each attempt is limited to <see cref="SourceRetrySettings.AttemptTimeout"/>; the caller's cancellation bounds
/// the whole. No circuit breaker: one extraction sends its requests one after another, and a request that still
/// fails after its retries fails the extraction, so there is no stream of calls to cut short.</item>
/// </list>
/// Every wait runs on the container's <see cref="TimeProvider"/>; after the last attempt the caller gets its answer
/// (or exception) and reports it with the status (<see cref="SourceUnavailableException"/>).
/// </summary>
public static class SourceHttpResilience
{
    /// <summary>Adds the pipeline called <paramref name="name"/> with the settings <paramref name="settings"/> reads.
    /// </summary>
    /// <param name="client">The typed client's builder; its <see cref="HttpClient.Timeout"/> should be infinite.
    /// </param>
    /// <param name="name">Pipeline name (also the logger's category suffix).</param>
    /// <param name="settings">Reads the settings from the container (the validated options).</param>
    public static IHttpResiliencePipelineBuilder AddSourceResilience(
        this IHttpClientBuilder client, string name, Func<IServiceProvider, SourceRetrySettings> settings) =>
        client.AddResilienceHandler(name, (pipeline, context) =>
        {
            var services = context.ServiceProvider;
            Configure(pipeline, settings(services), services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILoggerFactory>()
                    .CreateLogger($"{typeof(SourceHttpResilience).FullName}.{name}"));
        });

    /// <summary>Adds the retry and attempt time-out strategies of <paramref name="settings"/> to
    /// <paramref name="pipeline"/>.</summary>
    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline, SourceRetrySettings settings, TimeProvider time,
        ILogger logger)
    {
        pipeline.TimeProvider = time;
        if (settings.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryDelay,
                MaxDelay = settings.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, settings, time, logger)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } answer ? ReviewsRetryAfter.Of(answer, time.GetUtcNow()) : null),
                OnRetry = args =>
                {
                    logger.LogWarning("{Section} request failed ({Outcome}); retry {Attempt} of {Retries} in {Delay}",
                        settings.Section, Describe(args.Outcome), args.AttemptNumber + 1, settings.MaxRetries,
                        args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }
        pipeline.AddTimeout(settings.AttemptTimeout);
    }

    /// <summary>True for the statuses a source API may answer transiently: 408, 429 and every 5xx.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static bool IsTransient(
        Outcome<HttpResponseMessage> outcome, SourceRetrySettings settings, TimeProvider time, ILogger logger)
    {
        if (outcome.Exception is { } e) return e is HttpRequestException or TimeoutRejectedException;
        var answer = outcome.Result!;
        if (!IsTransientStatus(answer.StatusCode)) return false;
        if (ReviewsRetryAfter.Of(answer, time.GetUtcNow()) is { } wait && wait > settings.MaxRetryDelay)
        {
            logger.LogWarning(
                "{Section} answered {Status} with Retry-After {Wait}, longer than {Key} {Cap}; not retrying",
                settings.Section, (int)answer.StatusCode, wait, $"{settings.Section}:MaxRetryDelay",
                settings.MaxRetryDelay);
            return false;
        }
        return true;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception?.Message ?? ((int)outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture);
}
