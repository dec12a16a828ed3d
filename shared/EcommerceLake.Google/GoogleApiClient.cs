using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EcommerceLake.Google;

/// <summary>
/// The one HTTP client of the Google Cloud REST adapters (Dataproc and BigQuery have no .NET client library here; see
/// ../shared/DEPENDENCIES.md): sends and reads JSON and turns error answers into <see cref="GoogleApiException"/>. The
/// <see cref="HttpClient"/> comes from <see cref="GoogleHttpResilience.AddGoogleApiClient"/>: its pipeline adds the
/// bearer token to each attempt and retries transient failures (<see cref="GoogleHttpResilience"/> has the rules).
/// Only requests that are idempotent by construction are retried: reads, deletes, and creates that carry a request
/// id or a client-chosen resource id (Dataproc <c>requestId</c>, BigQuery <c>jobReference.jobId</c>, Cloud Storage
/// <c>ifGenerationMatch=0</c>) — callers pass <c>retry: false</c> otherwise.
/// </summary>
/// <param name="http">The client of <see cref="GoogleHttpResilience.HttpClientName"/>, with its handlers.</param>
/// <param name="options">The <c>GoogleCloud</c> settings.</param>
/// <param name="time">The clock of polling waits (<see cref="GooglePoller"/>) and of the retry pipeline.</param>
public sealed class GoogleApiClient(HttpClient http, IOptions<GoogleCloudOptions> options, TimeProvider time)
{
    /// <summary>The options in effect.</summary>
    public GoogleCloudOptions Options => options.Value;

    /// <summary>The time provider used for polling waits.</summary>
    public TimeProvider Time => time;

    /// <summary>Sends a JSON request and reads the JSON answer.</summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="uri">Absolute URI.</param>
    /// <param name="body">Object serialized with <see cref="GoogleJson.Options"/>, or null for no body.</param>
    /// <param name="cancellationToken">Cancels the call and any back-off wait.</param>
    /// <param name="retry">Retry transient failures (the request must be idempotent).</param>
    /// <returns>The answer's JSON (an empty object for an empty body).</returns>
    /// <exception cref="GoogleApiException">
    /// Google answered with an error status (for a transient one, after the last attempt): its message names the
    /// method, the resource, the status and Google's message.
    /// </exception>
    /// <exception cref="HttpRequestException">The connection failed, or timed out, on every attempt.</exception>
    public async Task<JsonElement> SendJsonAsync(
        HttpMethod method, Uri uri, object? body, CancellationToken cancellationToken, bool retry = true)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(method, uri);
            if (body is not null) request.Content = JsonContent.Create(body, body.GetType(),
                options: GoogleJson.Options);
            return request;
        }, cancellationToken, retry);
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text)) return JsonDocument.Parse("{}").RootElement.Clone();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Sends the request <paramref name="build"/> makes and returns the answer whatever its status (the last attempt's,
    /// when every attempt failed transiently). The pipeline re-sends the same request on a retry, so its content must
    /// be re-readable (string, bytes or JSON). The caller owns the response.
    /// </summary>
    /// <param name="build">Makes the request (called once).</param>
    /// <param name="cancellationToken">Cancels the call and any back-off wait.</param>
    /// <param name="retry">Retry transient failures (the request must be idempotent); false sends it once.</param>
    /// <exception cref="HttpRequestException">
    /// The connection failed on every attempt, the last attempt exceeded <c>GoogleCloud:RequestTimeoutSeconds</c>, or
    /// the circuit is open after an outage.
    /// </exception>
    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build, CancellationToken cancellationToken, bool retry = true)
    {
        using var request = build();
        if (!retry) request.Options.Set(GoogleHttpResilience.NoRetry, true);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw new HttpRequestException($"{request.Method} {Resource(request.RequestUri)} did not answer within "
                + $"{Options.RequestTimeoutSeconds} s (GoogleCloud:RequestTimeoutSeconds).", e);
        }
        catch (BrokenCircuitException e)
        {
            throw new HttpRequestException($"{request.Method} {Resource(request.RequestUri)} was not sent: most calls "
                + $"to {request.RequestUri?.Authority} failed lately and the circuit is open.", e);
        }
    }

    /// <summary>Reads Google's error body of <paramref name="response"/> into a
    /// <see cref="GoogleApiException"/>.</summary>
    public static async Task<GoogleApiException> ErrorAsync(HttpResponseMessage response,
        CancellationToken cancellationToken)
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
                if (error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                    && errors.GetArrayLength() > 0
                    && errors[0].TryGetProperty("reason", out var r))
                    reason = r.GetString();
            }
        }
        catch (JsonException)
        {
        }
        message ??= text.Length > 500 ? text[..500] : text.Length > 0 ? text : response.ReasonPhrase ?? "no message";
        return new GoogleApiException(response.RequestMessage?.Method.Method ?? "?",
            Resource(response.RequestMessage?.RequestUri),
            response.StatusCode, status, reason, message);
    }

    /// <summary>The URI without its query string (queries can carry upload session ids).</summary>
    public static string Resource(Uri? uri) => uri is null ? "?" : uri.GetLeftPart(UriPartial.Path);

    /// <summary>
    /// True for the statuses Google's "Retry strategy" guidance (https://cloud.google.com/storage/docs/retry-strategy)
    /// calls transient: 408, 429, 500, 502, 503, 504.
    /// </summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
