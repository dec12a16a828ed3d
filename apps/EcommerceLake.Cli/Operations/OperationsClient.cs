using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// The orchestrator's operations API as the CLI calls it (<c>POST /runs/{runId}/cancel</c>,
/// <c>GET /streams</c>, <c>POST /streams/{source}/{stream}/pause|resume|force-full</c>). One instance per command;
/// the base address is <c>--api</c> (default <c>http://127.0.0.1:8080/</c>, the orchestrator host's port).
/// </summary>
public sealed class OperationsClient(HttpClient http)
{
    /// <summary>Asks the orchestrator to cancel run <paramref name="runId"/>.</summary>
    /// <returns>What happened, for people: accepted, unknown run, or already ended (with the API's detail).</returns>
    /// <exception cref="HttpRequestException">The API could not be reached or answered an unexpected status.</exception>
    public async Task<(bool Accepted, string Message)> CancelRunAsync(Guid runId, string requestedBy, string reason,
        CancellationToken cancellationToken)
    {
        using var answer = await http.PostAsJsonAsync($"runs/{runId}/cancel", new { requestedBy, reason },
            cancellationToken);
        var detail = answer.IsSuccessStatusCode ? "" : await answer.Content.ReadAsStringAsync(cancellationToken);
        return answer.StatusCode switch
        {
            HttpStatusCode.Accepted => (true, $"Run {runId} is being cancelled; it ends as Failed (Cancelled)."),
            HttpStatusCode.NotFound => (false, $"No run {runId} is known to the orchestrator."),
            HttpStatusCode.Conflict => (false, $"Run {runId} has already ended."),
            HttpStatusCode.BadRequest => (false, $"The orchestrator refused the request: {detail}"),
            _ => throw new HttpRequestException(
                $"The operations API answered {(int)answer.StatusCode} {answer.ReasonPhrase}: {detail}",
                null, answer.StatusCode),
        };
    }

    /// <summary>
    /// Applies <paramref name="action"/> (<c>pause</c>, <c>resume</c> or <c>force-full</c>) to
    /// <paramref name="source"/>.<paramref name="stream"/>.
    /// </summary>
    /// <returns>Done or not, and what happened, for people (the API's detail when refused).</returns>
    /// <exception cref="HttpRequestException">The API could not be reached or answered an unexpected status.</exception>
    public async Task<(bool Done, string Message)> ControlStreamAsync(string source, string stream, string action,
        string requestedBy, string reason, CancellationToken cancellationToken)
    {
        using var answer = await http.PostAsJsonAsync(
            $"streams/{Uri.EscapeDataString(source)}/{Uri.EscapeDataString(stream)}/{action}",
            new { requestedBy, reason }, cancellationToken);
        var detail = answer.IsSuccessStatusCode ? "" : await answer.Content.ReadAsStringAsync(cancellationToken);
        return answer.StatusCode switch
        {
            HttpStatusCode.OK => (true, action switch
            {
                "pause" => $"{source}.{stream} is paused: runs skip it from the next run on; its offset is kept.",
                "resume" => $"{source}.{stream} is resumed: the next run takes it again from its offset.",
                _ => $"The next run of {source} reads {source}.{stream} whole.",
            }),
            HttpStatusCode.BadRequest => (false, $"The orchestrator refused the request: {detail}"),
            _ => throw new HttpRequestException(
                $"The operations API answered {(int)answer.StatusCode} {answer.ReasonPhrase}: {detail}",
                null, answer.StatusCode),
        };
    }

    /// <summary>Every stream with its switches and freshness (<c>GET /streams</c>), as JSON.</summary>
    /// <exception cref="HttpRequestException">The API could not be reached or answered an error.</exception>
    public async Task<JsonElement> ListStreamsAsync(CancellationToken cancellationToken)
    {
        using var answer = await http.GetAsync("streams", cancellationToken);
        if (!answer.IsSuccessStatusCode)
            throw new HttpRequestException(
                $"The operations API answered {(int)answer.StatusCode} {answer.ReasonPhrase}: "
                + await answer.Content.ReadAsStringAsync(cancellationToken), null, answer.StatusCode);
        return await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }
}
