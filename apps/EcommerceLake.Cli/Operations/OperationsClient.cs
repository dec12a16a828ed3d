using System.Net;
using System.Net.Http.Json;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// The orchestrator's operations API as the CLI calls it (<c>POST /runs/{runId}/cancel</c>). One instance per command;
/// the base address is <c>--api</c> (default <c>http://127.0.0.1:8080/</c>, the orchestrator host's port).
/// </summary>
public sealed class OperationsClient(HttpClient http)
{
    /// <summary>Asks the orchestrator to cancel run <paramref name="runId"/>.</summary>
    /// <returns>What happened, for people: accepted, unknown run, or already ended (with the API's detail).</returns>
    /// <exception cref="HttpRequestException">The API could not be reached or answered an unexpected status.</exception>
    public async Task<(bool Accepted, string Message)> CancelRunAsync(Guid runId, string reason,
        CancellationToken cancellationToken)
    {
        using var answer = await http.PostAsJsonAsync($"runs/{runId}/cancel", new { reason },
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
}
