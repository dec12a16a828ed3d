using System.Net;
using System.Net.Http.Headers;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace EcommerceLake.PubSub.Rest;

/// <summary>
/// The HTTP plumbing of <see cref="PubSubRestClient"/>: a named <see cref="HttpClient"/> (<see cref="HttpClientName"/>)
/// whose resilience pipeline (Microsoft.Extensions.Http.Resilience) retries what Pub/Sub's error table calls
/// retryable (https://cloud.google.com/pubsub/docs/reference/error-codes: 408, 429, 500, 502, 503, 504, a dropped
/// connection, an attempt that timed out) with exponential back-off and jitter, honouring <c>Retry-After</c>, and
/// whose innermost handler adds a bearer token from Google.Apis.Auth (none with an emulator). The token is never
/// logged.
/// </summary>
public static class PubSubHttp
{
    /// <summary>Name of the <see cref="HttpClient"/>.</summary>
    public const string HttpClientName = "pubsub";

    /// <summary>Registers the named client for <paramref name="options"/>. Safe to call more than once.</summary>
    public static IServiceCollection AddPubSubHttpClient(this IServiceCollection services, PubSubOptions options)
    {
        if (services.Any(d => d.ServiceType == typeof(PubSubCredentials))) return services;
        services.AddSingleton(new PubSubCredentials(options));
        // No per-request logs: every endpoint keeps long pulls open all the time; failures are logged by the
        // retry strategy and the transport.
        services.AddHttpClient(HttpClientName, http =>
            {
                http.BaseAddress = options.ResolveBaseAddress();
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllLoggers()
            .AddResilienceHandler(HttpClientName, (pipeline, context) => Configure(pipeline, options,
                context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PubSubRestClient))));
        // Innermost: every attempt gets a fresh token.
        services.AddHttpClient(HttpClientName)
            .AddHttpMessageHandler(sp => new AuthorizationHandler(sp.GetRequiredService<PubSubCredentials>()));
        return services;
    }

    /// <summary>The retry and attempt time-out strategies of <paramref name="options"/>.</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, PubSubOptions options,
        ILogger logger)
    {
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
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)
                                                            && !args.Context.CancellationToken.IsCancellationRequested),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    logger.LogWarning("Pub/Sub {Method} {Path} failed ({Failure}); attempt {Attempt} of {Attempts}, " +
                                      "retrying in {Delay} ms", request?.Method, request?.RequestUri?.AbsolutePath,
                        args.Outcome.Exception?.Message ?? ((int?)args.Outcome.Result?.StatusCode)?.ToString(),
                        args.AttemptNumber + 1, options.MaxAttempts, (long)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        pipeline.AddTimeout(TimeSpan.FromSeconds(options.RequestTimeoutSeconds));
    }

    /// <summary>True for Pub/Sub's retryable answers and for a dropped connection or timed-out attempt.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome.Exception is { } e
        ? e is HttpRequestException or TimeoutRejectedException or IOException
        : outcome.Result!.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout;

    private sealed class AuthorizationHandler(PubSubCredentials credentials) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            var token = await credentials.GetAccessTokenAsync(cancellationToken);
            request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>
/// Access tokens for Pub/Sub from Google.Apis.Auth: the service-account key of <c>Bus:PubSub:ServiceAccountKeyFile</c>,
/// else application default credentials, scoped to <c>pubsub</c>; none with an emulator. The library caches and
/// refreshes the token.
/// </summary>
public sealed class PubSubCredentials(PubSubOptions options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ITokenAccess? _credential;

    /// <summary>The bearer token, or null with an emulator.</summary>
    /// <exception cref="InvalidOperationException">No credentials found; the message says where to put
    /// them.</exception>
    public async Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        if (options.ResolveEmulatorHost() is not null) return null;
        var credential = _credential ?? await LoadAsync(cancellationToken);
        return await credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
    }

    private async Task<ITokenAccess> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_credential is not null) return _credential;
            GoogleCredential credential;
            if (options.ServiceAccountKeyFile is { Length: > 0 } path)
            {
                var account = await CredentialFactory.FromFileAsync<ServiceAccountCredential>(path, cancellationToken);
                credential = GoogleCredential.FromServiceAccountCredential(account);
            }
            else
            {
                try
                {
                    credential = await GoogleCredential.GetApplicationDefaultAsync(cancellationToken);
                }
                catch (InvalidOperationException e)
                {
                    throw new InvalidOperationException(
                        "No Google credentials for Pub/Sub: set GOOGLE_APPLICATION_CREDENTIALS, run 'gcloud auth " +
                        "application-default login', set Bus:PubSub:ServiceAccountKeyFile, or point " +
                        "Bus:PubSub:EmulatorHost at an emulator. " + e.Message, e);
                }
            }
            _credential = credential.CreateScoped(PubSubOptions.Scope);
            return _credential;
        }
        finally
        {
            _gate.Release();
        }
    }
}
