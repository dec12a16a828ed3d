using System.Net;
using System.Text.Json;
using EcommerceLake.Orchestrator.Runs;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// The orchestrator's operations API as the CLI calls it (JSON over HTTP; the endpoints are listed on
/// <c>EcommerceLake.Orchestrator.OrchestratorApi</c> and described at <c>/openapi/v1.json</c>). One instance per
/// command; the base address and credentials come from <see cref="ApiConnection"/>. Answers are returned as
/// <see cref="JsonElement"/> so that <c>--json</c> prints exactly what the API said.
/// </summary>
public sealed class OperationsClient(HttpClient http)
{
    /// <summary><c>POST /runs</c>: asks for a run of <paramref name="sources"/>, source names or <c>source.stream</c>
    /// keys (empty: every source).</summary>
    /// <returns>The API's <c>RunRequested</c> answer (<c>runId</c>, <c>sources</c>, <c>requestedBy</c>).</returns>
    /// <exception cref="OperationsApiException">The API refused (400 unknown source, 401, 403) or failed.</exception>
    /// <exception cref="HttpRequestException">The API could not be reached.</exception>
    public async Task<JsonElement> StartRunAsync(IReadOnlyList<string> sources, bool full,
        CancellationToken cancellationToken)
    {
        using var answer = await http.PostAsJsonAsync("runs", new { sources, forceFull = full }, cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary><c>GET /runs?limit=N[&amp;state=S][&amp;source=X]</c>: the latest runs, newest first, narrowed to
    /// <paramref name="filter"/>'s state and source when set (the API checks both: 400 names the values it takes).
    /// </summary>
    /// <exception cref="OperationsApiException">The API refused or failed.</exception>
    public async Task<JsonElement> ListRunsAsync(int limit, RunFilter filter, CancellationToken cancellationToken)
    {
        using var answer = await http.GetAsync($"runs?limit={limit}{filter.QueryParameters}", cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary><c>GET /runs/ids?endingWith=H</c>: the ids of the runs and refused requests whose id ends with the
    /// hex digits <paramref name="hexDigits"/>, newest first (a JSON array of strings).</summary>
    /// <exception cref="OperationsApiException">The API refused (400: not 4 to 31 hex digits) or failed.</exception>
    public async Task<JsonElement> FindRunIdsAsync(string hexDigits, CancellationToken cancellationToken)
    {
        using var answer = await http.GetAsync($"runs/ids?endingWith={Uri.EscapeDataString(hexDigits)}",
            cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary><c>GET /runs/{id}</c>: the run with its streams, or null when it is not admitted (404).</summary>
    /// <exception cref="OperationsApiException">The API refused or failed.</exception>
    public async Task<JsonElement?> GetRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        using var answer = await http.GetAsync($"runs/{runId}", cancellationToken);
        if (answer.StatusCode == HttpStatusCode.NotFound) return null;
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary><c>GET /offsets</c>: every committed offset.</summary>
    /// <exception cref="OperationsApiException">The API refused or failed.</exception>
    public async Task<JsonElement> ListOffsetsAsync(CancellationToken cancellationToken)
    {
        using var answer = await http.GetAsync("offsets", cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary>
    /// <c>POST /offsets/{source}/{stream}/reset</c> with <paramref name="offset"/> (connector JSON, or null to read
    /// from scratch) and <paramref name="reason"/>; audited under the caller's principal.
    /// </summary>
    /// <returns>The audit record.</returns>
    /// <exception cref="OperationsApiException">400 (unknown stream, bad offset), 409 (the source is running), 401,
    /// 403, or another failure.</exception>
    public async Task<JsonElement> ResetOffsetAsync(string source, string stream, string? offset, string reason,
        CancellationToken cancellationToken)
    {
        using var answer = await http.PostAsJsonAsync(
            $"offsets/{Uri.EscapeDataString(source)}/{Uri.EscapeDataString(stream)}/reset",
            new { offset, reason }, cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary>Asks the orchestrator to cancel run <paramref name="runId"/>.</summary>
    /// <returns>What happened, for people: accepted, unknown run, or already ended (with the API's detail).</returns>
    /// <exception cref="OperationsApiException">401, 403 or another unexpected status.</exception>
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
            _ => throw OperationsApiException.From(answer.StatusCode, answer.ReasonPhrase, detail),
        };
    }

    /// <summary>
    /// <c>GET /alerts?limit=N[&amp;runId=R]</c>: the alerts raised, newest first, of run <paramref name="runId"/>
    /// when given (the API caps <paramref name="limit"/> at <c>Orchestrator:ListLimit</c>).
    /// </summary>
    /// <exception cref="OperationsApiException">The API refused or failed.</exception>
    public async Task<JsonElement> ListAlertsAsync(int limit, Guid? runId, CancellationToken cancellationToken)
    {
        using var answer = await http.GetAsync(
            $"alerts?limit={limit}" + (runId is { } id ? $"&runId={id}" : ""), cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary><c>GET /checks</c> (or <c>GET /runs/{id}/checks</c> with <paramref name="runId"/>): the data-quality
    /// checks, latest outcome per check (of <paramref name="source"/> only, failing ones only with
    /// <paramref name="failing"/>), or every outcome of one run.</summary>
    /// <exception cref="OperationsApiException">The API refused or failed.</exception>
    public async Task<JsonElement> ListChecksAsync(string? source, bool failing, Guid? runId,
        CancellationToken cancellationToken)
    {
        var query = runId is { } id ? $"runs/{id}/checks"
            : "checks?failing=" + (failing ? "true" : "false")
                + (source is null ? "" : "&source=" + Uri.EscapeDataString(source));
        using var answer = await http.GetAsync(query, cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary><c>GET /schema-drift</c>: every stream's latest comparison of its source's columns with its spec (of
    /// <paramref name="source"/> only; drifting ones only with <paramref name="drifting"/>).</summary>
    /// <exception cref="OperationsApiException">The API refused or failed.</exception>
    public async Task<JsonElement> ListSchemaDriftAsync(string? source, bool drifting,
        CancellationToken cancellationToken)
    {
        var query = "schema-drift?drifting=" + (drifting ? "true" : "false")
            + (source is null ? "" : "&source=" + Uri.EscapeDataString(source));
        using var answer = await http.GetAsync(query, cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary><c>GET /schedules</c>: every configured schedule with its next tick and what its last tick
    /// requested, in source order.</summary>
    /// <exception cref="OperationsApiException">The API refused or failed.</exception>
    public async Task<JsonElement> ListSchedulesAsync(CancellationToken cancellationToken)
    {
        using var answer = await http.GetAsync("schedules", cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary><c>GET /lineage</c>: sources, streams, fact tables and marts (<c>nodes</c>, each with its health and
    /// upstream streams) and the flows between them (<c>edges</c>).</summary>
    /// <exception cref="OperationsApiException">The API refused or failed.</exception>
    public async Task<JsonElement> GetLineageAsync(CancellationToken cancellationToken)
    {
        using var answer = await http.GetAsync("lineage", cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary><c>POST /schedules/{source}/{action}</c> (<c>pause</c> or <c>resume</c>) with
    /// <paramref name="reason"/>.</summary>
    /// <returns>The API's answer: <c>{ schedule, audit }</c> (the schedule after the action, the audit record).
    /// </returns>
    /// <exception cref="OperationsApiException">400 (no reason), 404 (no schedule of the source), 401, 403, or another
    /// failure.</exception>
    public async Task<JsonElement> ControlScheduleAsync(string source, string action, string reason,
        CancellationToken cancellationToken)
    {
        using var answer = await http.PostAsJsonAsync($"schedules/{Uri.EscapeDataString(source)}/{action}",
            new { reason }, cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary><c>GET /streams</c>: every stream with its switches (paused, forceFull) and freshness.</summary>
    /// <exception cref="OperationsApiException">The API refused or failed.</exception>
    public async Task<JsonElement> ListStreamsAsync(CancellationToken cancellationToken)
    {
        using var answer = await http.GetAsync("streams", cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    /// <summary>
    /// <c>POST /streams/{source}/{stream}/{action}</c> with <paramref name="reason"/>: <paramref name="action"/> is
    /// <c>pause</c>, <c>resume</c> or <c>force-full</c>; audited under the caller's principal (operator role).
    /// </summary>
    /// <returns>The API's answer: <c>{ stream, audit }</c> (the stream's view after the action, the audit record).
    /// </returns>
    /// <exception cref="OperationsApiException">400 (unknown stream, no reason), 401, 403, or another failure.
    /// </exception>
    public async Task<JsonElement> ControlStreamAsync(string source, string stream, string action, string reason,
        CancellationToken cancellationToken)
    {
        using var answer = await http.PostAsJsonAsync(
            $"streams/{Uri.EscapeDataString(source)}/{Uri.EscapeDataString(stream)}/{action}", new { reason },
            cancellationToken);
        return await ReadAsync(answer, cancellationToken);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        var text = await answer.Content.ReadAsStringAsync(cancellationToken);
        if (!answer.IsSuccessStatusCode)
            throw OperationsApiException.From(answer.StatusCode, answer.ReasonPhrase, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
