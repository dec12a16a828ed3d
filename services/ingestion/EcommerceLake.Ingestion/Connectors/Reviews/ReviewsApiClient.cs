using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EcommerceLake.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace EcommerceLake.Ingestion.Connectors.Reviews;

/// <summary>
/// Typed <see cref="HttpClient"/> of the review API (base address <see cref="ReviewsOptions.BaseUrl"/>). Gets a
/// bearer token by the OAuth 2.0 client credentials grant (RFC 6749 §4.4, credentials in the form body, §2.3.1),
/// sends it on every page request (RFC 6750 §2.1), and on a 401 fetches a new token once and repeats the request.
/// Transient failures are retried by the client's resilience pipeline (<see cref="SourceHttpResilience"/>, registered
/// by <see cref="ReviewsConnectorRegistration.AddReviewsConnector"/>): up to <see cref="ReviewsOptions.MaxRetries"/>
/// times, after the <c>Retry-After</c> wait or an exponential back-off with jitter capped at
/// <see cref="ReviewsOptions.MaxRetryDelay"/>; a <c>Retry-After</c> longer than that cap is not retried. The client
/// secret and the tokens never appear in logs or exception messages.
/// </summary>
/// <param name="http">The typed client, with its pipeline.</param>
/// <param name="tokens">The process-wide token cache.</param>
/// <param name="options">The <c>Sources:Reviews</c> settings.</param>
/// <param name="clock">Reads the time of an HTTP-date <c>Retry-After</c> for messages.</param>
/// <param name="logger">Logs token renewals.</param>
public sealed class ReviewsApiClient(
    HttpClient http,
    ReviewsTokenCache tokens,
    IOptions<ReviewsOptions> options,
    TimeProvider clock,
    ILogger<ReviewsApiClient> logger)
{
    /// <summary>The query parameter of the opaque page cursor.</summary>
    public const string CursorParameter = "cursor";

    private const int MaxErrorChars = 300;
    private readonly HttpClient _http = http;
    private readonly ReviewsTokenCache _tokens = tokens;
    private readonly ReviewsOptions _options = options.Value;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger<ReviewsApiClient> _logger = logger;

    /// <summary>
    /// GETs <paramref name="path"/> (relative to the base address) with <paramref name="query"/> and reads the page
    /// <c>{"data":[…],"next_cursor":"…"|null}</c>.
    /// </summary>
    /// <exception cref="SourceUnavailableException">The API could not be reached, refused the credentials, answered an
    /// error or a body that is not a page.</exception>
    /// <exception cref="ReviewsCursorExpiredException">The query has a <c>cursor</c> and the API answered 410, or 400
    /// with an error naming the cursor.</exception>
    public async Task<ReviewsPage> GetPageAsync(string path, IReadOnlyList<KeyValuePair<string, string>> query,
        CancellationToken cancellationToken)
    {
        var uri = path.TrimStart('/') + (query.Count == 0 ? "" : "?" + string.Join('&',
            query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        var token = await _tokens.GetAsync(AcquireTokenAsync, null, cancellationToken);
        var response = await SendAsync(() => Get(uri, token), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            _logger.LogInformation("The review API rejected the access token; fetching a new one");
            token = await _tokens.GetAsync(AcquireTokenAsync, token, cancellationToken);
            response = await SendAsync(() => Get(uri, token), cancellationToken);
        }

        using (response)
        {
            if (query.Any(p => p.Key == CursorParameter)
                && await IsCursorRejectedAsync(response, cancellationToken) is { } why)
                throw new ReviewsCursorExpiredException($"GET {path} refused the cursor: {why}");
            if (!response.IsSuccessStatusCode)
                throw new SourceUnavailableException(
                    $"GET {path} answered {(int)response.StatusCode} {response.ReasonPhrase}"
                    + (ReviewsRetryAfter.Of(response, _clock.GetUtcNow()) is { } wait ? $" (Retry-After {wait})" : "")
                    + $": {await ErrorTextAsync(response, cancellationToken)}", statusCode: response.StatusCode);
            JsonDocument document;
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            }
            catch (JsonException ex)
            {
                throw new SourceUnavailableException($"GET {path} answered a body that is not JSON: {ex.Message}", ex);
            }

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data)
                || data.ValueKind != JsonValueKind.Array)
            {
                document.Dispose();
                throw new SourceUnavailableException($"GET {path} answered JSON without a \"data\" array.");
            }
            string? next = null;
            if (root.TryGetProperty("next_cursor", out var cursor))
            {
                if (cursor.ValueKind == JsonValueKind.String) next = cursor.GetString();
                else if (cursor.ValueKind != JsonValueKind.Null)
                {
                    document.Dispose();
                    throw new SourceUnavailableException($"GET {path} answered a next_cursor that is not a string.");
                }
            }
            return new ReviewsPage(document, string.IsNullOrEmpty(next) ? null : next);
        }
    }

    private async Task<(string Token, TimeSpan Lifetime)> AcquireTokenAsync(CancellationToken cancellationToken)
    {
        var secret = _options.ResolveClientSecret();
        using var response =
            await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, _options.TokenPath.TrimStart('/'))
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("client_id", _options.ClientId),
                new("client_secret", secret),
            ]),
        }, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new SourceUnavailableException(
                $"The review API's token endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}: "
                + await ErrorTextAsync(response, cancellationToken),
                statusCode: response.StatusCode,
                kind: response.StatusCode is HttpStatusCode.BadRequest ? FailureKind.Configuration : null);

        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            var root = document.RootElement;
            var token = root.GetProperty("access_token").GetString();
            var type = root.TryGetProperty("token_type", out var t) ? t.GetString() : null;
            if (string.IsNullOrEmpty(token) || !string.Equals(type, "Bearer", StringComparison.OrdinalIgnoreCase))
                throw new SourceUnavailableException(
                    "The review API's token endpoint did not return a bearer access_token.");
            // expires_in is RECOMMENDED (RFC 6749 §5.1); without it the token is renewed after five minutes.
            var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.FromMinutes(5);
            _logger.LogInformation("Obtained an access token for the review API, valid for {Lifetime}", lifetime);
            return (token, lifetime);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new SourceUnavailableException(
                "The review API's token endpoint answered a body that is not a token response.", ex);
        }
    }

    /// <summary>Why the API refused the request's cursor (410, or 400 with an error text naming the cursor), or
    /// null.</summary>
    private static async Task<string?> IsCursorRejectedAsync(HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.Gone)
            return $"410 {response.ReasonPhrase}: {await ErrorTextAsync(response, cancellationToken)}";
        if (response.StatusCode != HttpStatusCode.BadRequest) return null;
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var text = await ErrorTextAsync(response, cancellationToken);
        return text.Contains(CursorParameter, StringComparison.OrdinalIgnoreCase)
            ? $"400 {response.ReasonPhrase}: {text}" : null;
    }

    private static HttpRequestMessage Get(string uri, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>Sends the request <paramref name="create"/> makes through the pipeline; the answer whatever its status.
    /// </summary>
    /// <exception cref="SourceUnavailableException">
    /// No answer: the API could not be reached, or timed out, on every attempt.
    /// </exception>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create,
        CancellationToken cancellationToken)
    {
        using var request = create();
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new SourceUnavailableException(
                $"The review API at {_http.BaseAddress} cannot be reached: {ex.Message}", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SourceUnavailableException(
                $"The review API at {_http.BaseAddress} did not answer within {_options.RequestTimeout} "
                + $"({ReviewsOptions.Section}:{nameof(ReviewsOptions.RequestTimeout)}).", ex);
        }
    }

    /// <summary>The error body, shortened: <c>error</c> and <c>error_description</c> of a JSON error, else the start of
    /// the text.</summary>
    private static async Task<string> ErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error))
            {
                var description = document.RootElement.TryGetProperty("error_description", out var d) ? d.ToString()
                    : null;
                text = description is null ? error.ToString() : $"{error} ({description})";
            }
        }
        catch (JsonException)
        {
        }
        return text.Length <= MaxErrorChars ? text : text[..MaxErrorChars] + "…";
    }
}
