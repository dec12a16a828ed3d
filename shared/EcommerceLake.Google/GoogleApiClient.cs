using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Google;

/// <summary>
/// The one HTTP client of the Google Cloud adapters (the Google.Cloud.* and Google.Apis.*.v1 client libraries are not
/// obtainable here): adds the bearer token of <see cref="IGoogleAccessTokenSource"/>, sends and reads JSON, turns
/// error answers into <see cref="GoogleApiException"/>, and retries transient failures (408, 429, 500, 502, 503, 504,
/// a dropped connection or a request time-out) with truncated exponential back-off, honouring <c>Retry-After</c>.
/// Only requests that are idempotent by construction are retried: reads, deletes, and creates that carry a request
/// id or a client-chosen resource id (Dataproc <c>requestId</c>, BigQuery <c>jobReference.jobId</c>, Cloud Storage
/// <c>ifGenerationMatch=0</c>) — callers pass <c>retry: false</c> otherwise.
/// </summary>
public sealed class GoogleApiClient(
    HttpClient http,
    IGoogleAccessTokenSource tokens,
    IOptions<GoogleCloudOptions> options,
    TimeProvider time,
    ILogger<GoogleApiClient> logger)
{
    private readonly Random _jitter = new();

    /// <summary>The options in effect.</summary>
    public GoogleCloudOptions Options => options.Value;

    /// <summary>The time provider used for back-off and polling waits.</summary>
    public TimeProvider Time => time;

    /// <summary>Sends a JSON request and reads the JSON answer.</summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="uri">Absolute URI.</param>
    /// <param name="body">Object serialized with <see cref="GoogleJson.Options"/>, or null for no body.</param>
    /// <param name="cancellationToken">Cancels the call and any back-off wait.</param>
    /// <param name="retry">Retry transient failures (the request must be idempotent).</param>
    /// <returns>The answer's JSON (an empty object for an empty body).</returns>
    /// <exception cref="GoogleApiException">Google answered with an error status (after retries, for a transient one).</exception>
    /// <exception cref="HttpRequestException">The connection failed on every attempt.</exception>
    public async Task<JsonElement> SendJsonAsync(HttpMethod method, Uri uri, object? body, CancellationToken cancellationToken, bool retry = true)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(method, uri);
            if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: GoogleJson.Options);
            return request;
        }, cancellationToken, retry);
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text)) return JsonDocument.Parse("{}").RootElement.Clone();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Sends the request <paramref name="build"/> makes (once per attempt) with the bearer token and returns the answer
    /// whatever its status, after retrying transient failures when <paramref name="retry"/> is set. The caller owns the response.
    /// </summary>
    /// <exception cref="HttpRequestException">The connection failed on every attempt.</exception>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken, bool retry = true)
    {
        var attempts = retry ? Options.MaxAttempts : 1;
        for (var attempt = 0; ; attempt++)
        {
            using var request = build();
            var token = await tokens.GetAccessTokenAsync(cancellationToken);
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(Options.RequestTimeoutSeconds));
            HttpResponseMessage? response = null;
            Exception? failure = null;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failure = e;
            }

            var transient = failure is not null || IsTransient(response!.StatusCode);
            if (!transient || attempt + 1 >= attempts)
            {
                if (failure is not null)
                    throw failure as HttpRequestException ?? new HttpRequestException($"{request.Method} {Resource(request.RequestUri)} failed: {failure.Message}", failure);
                return response!;
            }

            var delay = RetryAfter(response) ?? Options.RetryBackoff.Delay(attempt, _jitter);
            logger.LogWarning("{Method} {Resource} failed ({Failure}); attempt {Attempt} of {Attempts}, retrying in {Delay} ms",
                request.Method, Resource(request.RequestUri), failure?.Message ?? $"{(int)response!.StatusCode} {response.StatusCode}",
                attempt + 1, attempts, (long)delay.TotalMilliseconds);
            response?.Dispose();
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    /// <summary>Reads Google's error body of <paramref name="response"/> into a <see cref="GoogleApiException"/>.</summary>
    public static async Task<GoogleApiException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = response.Content is null ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
        string? status = null, reason = null, message = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                status = error.TryGetProperty("status", out var s) ? s.GetString() : null;
                message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                if (error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
                    && errors[0].TryGetProperty("reason", out var r))
                    reason = r.GetString();
            }
        }
        catch (JsonException)
        {
        }
        message ??= text.Length > 500 ? text[..500] : text.Length > 0 ? text : response.ReasonPhrase ?? "no message";
        return new GoogleApiException(response.RequestMessage?.Method.Method ?? "?", Resource(response.RequestMessage?.RequestUri),
            response.StatusCode, status, reason, message);
    }

    /// <summary>The URI without its query string (queries can carry upload session ids).</summary>
    public static string Resource(Uri? uri) => uri is null ? "?" : uri.GetLeftPart(UriPartial.Path);

    /// <summary>True for the answers Google's retry guidance calls transient: 408, 429, 500, 502, 503, 504.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not { } retryAfter) return null;
        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - time.GetUtcNow() : null);
        if (delay is not { } d || d < TimeSpan.Zero) return null;
        return d > TimeSpan.FromMilliseconds(Options.MaxRetryDelayMilliseconds) ? TimeSpan.FromMilliseconds(Options.MaxRetryDelayMilliseconds) : d;
    }
}
