using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceLake.Google;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// BigQuery jobs over the REST API (https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs) with
/// <see cref="GoogleApiClient"/>: <c>jobs.insert</c> with a client-chosen, deterministic <c>jobReference.jobId</c> and
/// the configured location, so a redelivered command re-attaches to the job it already started instead of running it
/// twice (409 <c>duplicate</c> → <c>jobs.get</c>); polling of <c>jobs.get</c> until <c>status.state</c> is
/// <c>DONE</c> (<see cref="GooglePoller"/>); <c>status.errorResult</c> → <see cref="BigQueryJobException"/>; and the
/// rows of a query job through <c>jobs.getQueryResults</c>, page by page.
/// </summary>
public sealed class BigQueryJobs(GoogleApiClient client, IOptions<BigQueryOptions> options,
    ILogger<BigQueryJobs> logger)
{
    /// <summary>How many ids a job may take: the first, then <c>_r1</c> … after earlier attempts that
    /// failed.</summary>
    public const int MaxAttempts = 100;

    private string Project => BigQueryNames.ProjectId(client.Options);

    private string Location => options.Value.Location;

    /// <summary>
    /// A deterministic job id: <c>lake_{run}_{name}_{step}_{hash}</c>, where hash is the first 12 hex digits of the
    /// SHA-256 of <paramref name="inputs"/> (so a changed input, such as another batch or another script, is another
    /// job). Only letters, digits and '_' (BigQuery allows <c>[A-Za-z0-9_-]</c>, at most 1 024 characters).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="step"/> is not a safe
    /// identifier.</exception>
    public static string JobId(Guid runId, string name, string step, params IEnumerable<string> inputs)
    {
        if (!Streams.StreamCatalog.IsSafeIdentifier(name) || !Streams.StreamCatalog.IsSafeIdentifier(step))
            throw new ArgumentException($"Job id parts '{name}' and '{step}' must match ^[a-z_][a-z0-9_]*$.");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", inputs))))[..12];
        var id = $"lake_{runId:N}_{name}_{step}_{hash}";
        return id.Length <= 1000 ? id : id[..987] + "_" + hash;
    }

    /// <summary>
    /// Runs a job once: inserts it under <paramref name="jobId"/> and waits until it is done. When the id exists (409),
    /// re-attaches to that job (waiting for it if it still runs) — unless it ended with an error or
    /// <paramref name="reusable"/> says its output is gone, in which case it inserts the job again as
    /// <c>{jobId}_r1</c>, <c>_r2</c>, … (each also re-attached on 409), so a retried load can succeed after a failed
    /// one.
    /// </summary>
    /// <param name="jobId">The deterministic id (<see cref="JobId"/>).</param>
    /// <param name="configuration">The job's <c>configuration</c> (<c>load</c> or <c>query</c>); <c>jobTimeoutMs</c> is
    /// added.</param>
    /// <param name="reusable">For an existing successful job: can its result still be used? Null means yes.</param>
    /// <param name="cancellationToken">Cancels the wait (the job itself keeps running in BigQuery).</param>
    /// <returns>The job, done and successful.</returns>
    /// <exception cref="BigQueryJobException">The job ended with <c>status.errorResult</c>.</exception>
    /// <exception cref="TimeoutException">The job did not finish within
    /// <c>Warehouse:BigQuery:JobTimeoutMinutes</c>.</exception>
    /// <exception cref="GoogleApiException">BigQuery refused a request.</exception>
    public async Task<BigQueryJob> RunAsync(string jobId, JsonObject configuration, Func<BigQueryJob, CancellationToken,
        Task<bool>>? reusable,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var id = attempt == 0 ? jobId : $"{jobId}_r{attempt}";
            BigQueryJob job;
            try
            {
                job = BigQueryJob.From(await client.SendJsonAsync(HttpMethod.Post, ProjectUri("jobs"),
                    Body(id, configuration), cancellationToken));
                logger.LogInformation("Started BigQuery job {JobId} ({State})", id, job.State);
            }
            catch (GoogleApiException e) when (e.IsConflict)
            {
                job = await GetAsync(id, cancellationToken);
                if (job.Failed)
                {
                    logger.LogWarning("BigQuery job {JobId} exists and failed earlier ({Error}); running the job " +
                        "again as the next attempt",
                        id, job.ToException().Message);
                    continue;
                }
                if (job.IsDone && reusable is not null && !await reusable(job, cancellationToken))
                {
                    logger.LogWarning("BigQuery job {JobId} exists but its output is gone; running the job again as " +
                        "the next attempt", id);
                    continue;
                }
                logger.LogInformation("BigQuery job {JobId} already exists ({State}); re-attaching to it instead of " +
                    "running it twice", id, job.State);
            }
            return await WaitAsync(job, cancellationToken);
        }
        throw new InvalidOperationException(
            $"BigQuery job {jobId} failed in {MaxAttempts} attempts; see its jobs {jobId}_r1 … _r{MaxAttempts - 1}.");
    }

    /// <summary><c>jobs.get</c> of <paramref name="jobId"/> in the configured location.</summary>
    /// <exception cref="GoogleApiException">BigQuery refused the request (404: no such job).</exception>
    public async Task<BigQueryJob> GetAsync(string jobId, CancellationToken cancellationToken) =>
        BigQueryJob.From(await client.SendJsonAsync(HttpMethod.Get,
            ProjectUri($"jobs/{Uri.EscapeDataString(jobId)}?location={Uri.EscapeDataString(Location)}"),
            null, cancellationToken));

    /// <summary><c>jobs.get</c> of <paramref name="jobId"/>, or null when BigQuery knows no such job (404).</summary>
    /// <exception cref="GoogleApiException">BigQuery refused the request (other than 404).</exception>
    public async Task<BigQueryJob?> TryGetAsync(string jobId, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(jobId, cancellationToken);
        }
        catch (GoogleApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Polls <c>jobs.get</c> until the job is <c>DONE</c>.</summary>
    /// <exception cref="BigQueryJobException">The job ended with <c>status.errorResult</c>.</exception>
    /// <exception cref="TimeoutException">The job did not finish within
    /// <c>Warehouse:BigQuery:JobTimeoutMinutes</c>.</exception>
    public async Task<BigQueryJob> WaitAsync(BigQueryJob job, CancellationToken cancellationToken)
    {
        if (!job.IsDone)
            job = await GooglePoller.UntilAsync(client, $"BigQuery job {job.JobId}", ct => GetAsync(job.JobId, ct),
                j => j.IsDone,
                TimeSpan.FromMinutes(options.Value.JobTimeoutMinutes + 1),
                j => logger.LogDebug("BigQuery job {JobId} is {State}", j.JobId, j.State), cancellationToken);
        if (job.Failed) throw job.ToException();
        return job;
    }

    /// <summary>
    /// Every row of query job <paramref name="jobId"/> (for a script job: of its last statement) through
    /// <c>jobs.getQueryResults</c>, following <c>pageToken</c>, and waiting while <c>jobComplete</c> is false.
    /// </summary>
    /// <exception cref="GoogleApiException">BigQuery refused the request.</exception>
    /// <exception cref="TimeoutException">The job did not complete within the job time limit.</exception>
    public async Task<BigQueryQueryResult> GetQueryResultsAsync(string jobId, CancellationToken cancellationToken)
    {
        var fields = new List<string>();
        var rows = new List<IReadOnlyList<string?>>();
        string? pageToken = null;
        do
        {
            var query =
                $"queries/{Uri.EscapeDataString(jobId)}?location={Uri.EscapeDataString(Location)}&timeoutMs=10000"
                        + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken));
            var page = await GooglePoller.UntilAsync(client, $"BigQuery job {jobId} results",
                ct => client.SendJsonAsync(HttpMethod.Get, ProjectUri(query), null, ct),
                p => !p.TryGetProperty("jobComplete", out var complete) || complete.ValueKind != JsonValueKind.False,
                TimeSpan.FromMinutes(options.Value.JobTimeoutMinutes + 1), null, cancellationToken);
            if (fields.Count == 0 && page.TryGetProperty("schema", out var schema)
                && schema.TryGetProperty("fields", out var f))
                fields.AddRange(f.EnumerateArray().Select(x => x.GetProperty("name").GetString() ?? ""));
            if (page.TryGetProperty("rows", out var pageRows) && pageRows.ValueKind == JsonValueKind.Array)
                foreach (var row in pageRows.EnumerateArray())
                    rows.Add(row.GetProperty("f").EnumerateArray()
                        .Select(cell => cell.TryGetProperty("v", out var v) && v.ValueKind != JsonValueKind.Null
                            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
                            : null)
                        .ToList());
            pageToken = page.TryGetProperty("pageToken", out var token) && token.ValueKind == JsonValueKind.String
                ? token.GetString() : null;
        }
        while (pageToken is not null);
        return new BigQueryQueryResult(fields, rows);
    }

    /// <summary>A named query parameter (https://cloud.google.com/bigquery/docs/reference/rest/v2/QueryParameter) of a
    /// scalar type.</summary>
    public static JsonObject Parameter(string name, string type, string? value) => new()
    {
        ["name"] = name,
        ["parameterType"] = new JsonObject { ["type"] = type },
        ["parameterValue"] = new JsonObject { ["value"] = value },
    };

    /// <summary>A named <c>ARRAY&lt;STRING&gt;</c> query parameter.</summary>
    public static JsonObject StringArrayParameter(string name, IEnumerable<string> values) => new()
    {
        ["name"] = name,
        ["parameterType"] = new JsonObject { ["type"] = "ARRAY",
            ["arrayType"] = new JsonObject { ["type"] = "STRING" } },
        ["parameterValue"] = new JsonObject {
            ["arrayValues"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject { ["value"] = v }).ToArray()) },
    };

    /// <summary>A <c>configuration</c> of a GoogleSQL query job (a script when it has several statements) with named
    /// parameters.</summary>
    public static JsonObject QueryConfiguration(string sql, IEnumerable<JsonObject> parameters) => new()
    {
        ["query"] = new JsonObject
        {
            ["query"] = sql,
            ["useLegacySql"] = false,
            ["parameterMode"] = "NAMED",
            ["queryParameters"] = new JsonArray(parameters.Select(p => (JsonNode)p).ToArray()),
        },
    };

    private JsonObject Body(string jobId, JsonObject configuration)
    {
        var config = (JsonObject)configuration.DeepClone();
        config["jobTimeoutMs"] = ((long)options.Value.JobTimeoutMinutes * 60_000)
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        config["labels"] = new JsonObject { ["app"] = "ecommercelake" };
        return new JsonObject
        {
            ["jobReference"] = new JsonObject { ["projectId"] = Project, ["jobId"] = jobId, ["location"] = Location },
            ["configuration"] = config,
        };
    }

    private Uri ProjectUri(string rest) => BigQueryNames.ProjectUri(client.Options, rest);
}
