using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace EcommerceLake.Ingestion.Connectors.Economics;

/// <summary>
/// Typed <see cref="HttpClient"/> of Banco Central do Brasil's SGS API (base address
/// <see cref="EconomicsOptions.BaseUrl"/>):
/// <c>GET dados/serie/bcdata.sgs.{code}/dados?formato=json&amp;dataInicial=dd/MM/yyyy&amp;dataFinal=dd/MM/yyyy</c>,
/// which answers a JSON array <c>[{"data":"dd/MM/yyyy","valor":"4.0213"}]</c> (BCB open data portal,
/// "dadosabertos.bcb.gov.br", SGS API). The API refuses windows over ten years for daily series, so callers page by
/// <see cref="EconomicsConnector.MaxWindowYears"/>. Transient failures (network errors, timeouts, 408, 429, 5xx) are
/// retried by the client's resilience pipeline (<see cref="SourceHttpResilience"/>, registered by
/// <see cref="EconomicsConnectorRegistration.AddSgsApiClient"/>) as the reviews connector's are.
/// </summary>
/// <param name="http">The typed client, with its pipeline.</param>
/// <param name="options">The <c>Sources:Economics</c> settings.</param>
public sealed class SgsApiClient(HttpClient http, IOptions<EconomicsOptions> options)
{
    private const int MaxErrorChars = 300;
    private readonly HttpClient _http = http;

    /// <summary>The request path of series <paramref name="code"/> from <paramref name="from"/> to
    /// <paramref name="to"/> (both included).</summary>
    public static string PathOf(int code, DateOnly from, DateOnly to) =>
        $"dados/serie/bcdata.sgs.{code.ToString(CultureInfo.InvariantCulture)}/dados?formato=json" +
        $"&dataInicial={from.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}" +
        $"&dataFinal={to.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}";

    /// <summary>GETs the values of one window; the caller disposes the document (its root is an array).</summary>
    /// <exception cref="SourceUnavailableException">The API could not be reached, answered an error, or a body that is
    /// not a JSON array.</exception>
    public async Task<JsonDocument> GetValuesAsync(int code, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        var path = PathOf(code, from, to);
        HttpResponseMessage response;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/json");
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new SourceUnavailableException($"The SGS API at {_http.BaseAddress} cannot be reached: {ex.Message}",
                ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SourceUnavailableException(
                $"The SGS API at {_http.BaseAddress} did not answer within {options.Value.RequestTimeout} "
                + $"({EconomicsOptions.Section}:{nameof(EconomicsOptions.RequestTimeout)}).", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new SourceUnavailableException(
                    $"GET {path} answered {(int)response.StatusCode} {response.ReasonPhrase}: "
                    + (text.Length <= MaxErrorChars ? text : text[..MaxErrorChars] + "…"),
                    statusCode: response.StatusCode);
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
