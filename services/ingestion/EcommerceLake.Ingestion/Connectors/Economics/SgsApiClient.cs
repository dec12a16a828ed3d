using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace EcommerceLake.Ingestion.Connectors.Economics;

/// <summary>
/// Typed <see cref="HttpClient"/> of Banco Central do Brasil's SGS API (base address <see cref="EconomicsOptions.BaseUrl"/>):
/// <c>GET dados/serie/bcdata.sgs.{code}/dados?formato=json&amp;dataInicial=dd/MM/yyyy&amp;dataFinal=dd/MM/yyyy</c>, which
/// answers a JSON array <c>[{"data":"dd/MM/yyyy","valor":"4.0213"}]</c> (BCB open data portal, "dadosabertos.bcb.gov.br",
/// SGS API). The API refuses windows over ten years for daily series, so callers page by
/// <see cref="EconomicsConnector.MaxWindowYears"/>. Transient failures (network errors, timeouts, 408, 429, 5xx) are
/// retried <see cref="EconomicsOptions.MaxRetries"/> times with exponential back-off, as the reviews connector does.
/// </summary>
public sealed class SgsApiClient
{
    private const int MaxErrorChars = 300;
    private readonly HttpClient _http;
    private readonly ILogger<SgsApiClient> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    /// <summary>Creates the client (through <c>IHttpClientFactory</c>).</summary>
    public SgsApiClient(HttpClient http, IOptions<EconomicsOptions> options, ILogger<SgsApiClient> logger)
    {
        _http = http;
        _logger = logger;
        var settings = options.Value;
        var retry = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (settings.MaxRetries > 0)
        {
            retry.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>(ex => ex.InnerException is TimeoutException)
                    .HandleResult(r => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                OnRetry = args =>
                {
                    _logger.LogWarning("SGS API request failed ({Outcome}); retry {Attempt} in {Delay}",
                        args.Outcome.Exception?.Message ?? ((int)args.Outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture),
                        args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }
        _retry = retry.Build();
    }

    /// <summary>The request path of series <paramref name="code"/> from <paramref name="from"/> to <paramref name="to"/> (both included).</summary>
    public static string PathOf(int code, DateOnly from, DateOnly to) =>
        $"dados/serie/bcdata.sgs.{code.ToString(CultureInfo.InvariantCulture)}/dados?formato=json" +
        $"&dataInicial={from.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}&dataFinal={to.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}";

    /// <summary>GETs the values of one window; the caller disposes the document (its root is an array).</summary>
    /// <exception cref="SourceUnavailableException">The API could not be reached, answered an error, or a body that is not a JSON array.</exception>
    public async Task<JsonDocument> GetValuesAsync(int code, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var path = PathOf(code, from, to);
        HttpResponseMessage response;
        try
        {
            response = await _retry.ExecuteAsync(async ct =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Accept.ParseAdd("application/json");
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new SourceUnavailableException($"The SGS API at {_http.BaseAddress} cannot be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            throw new SourceUnavailableException($"The SGS API at {_http.BaseAddress} did not answer within {_http.Timeout}.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new SourceUnavailableException(
                    $"GET {path} answered {(int)response.StatusCode} {response.ReasonPhrase}: {(text.Length <= MaxErrorChars ? text : text[..MaxErrorChars] + "…")}");
            }
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
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                document.Dispose();
                throw new SourceUnavailableException($"GET {path} answered JSON that is not an array of values.");
            }
            return document;
        }
    }
}
