using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Testing.Fakes.BigQuery;

/// <summary>
/// A fake BigQuery REST API v2 (https://cloud.google.com/bigquery/docs/reference/rest/v2) on 127.0.0.1, enough for the
/// warehouse engine and checked against Google's own Node client (tests/conformance/google/bigquery.test.mjs):
/// <c>datasets.insert/get/delete</c>, <c>tables.insert/get/patch/delete</c> (<c>tables.get</c> answers legacy type
/// names), <c>jobs.insert</c> (409 <c>duplicate</c> for an existing job id, in Google's error shape), <c>jobs.get</c>
/// and <c>jobs.getQueryResults</c>. A job runs by itself: PENDING at insert, RUNNING, then DONE once
/// <see cref="RunTime"/> has passed on <see cref="Time"/> — or earlier, after <see cref="PollsUntilDone"/> reads of
/// <c>jobs.get</c>. <c>jobs.getQueryResults</c> waits up to <c>timeoutMs</c> (default 10 s) for the job, then answers
/// <c>jobComplete</c>; it pages with <c>maxResults</c>, <c>startIndex</c> and <c>pageToken</c> (pages at most
/// <see cref="PageSize"/> rows), types the schema (<see cref="FakeJobAnswer.TypeOf"/>) and serializes values as the
/// API does (TIMESTAMP as epoch seconds, or integer microseconds with <c>formatOptions.useInt64Timestamp</c>). A job is
/// found only in its own location (<c>location</c> parameter): elsewhere 404. A failed job is DONE with
/// <c>status.errorResult</c>; its results answer 400 with that error. Unknown routes answer 404 in Google's error
/// shape. It cannot run SQL: <see cref="Answer"/> scripts what each job ends with. Switches script failures:
/// <see cref="ConflictOnFirstInsert"/>, <see cref="FailNextRequests"/>.
/// </summary>
public sealed class FakeBigQueryServer : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly WebApplication _app;
    private readonly Dictionary<string, JsonObject> _datasets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeBigQueryJob> _jobs = new(StringComparer.Ordinal);
    private readonly List<FakeBigQueryJob> _jobOrder = [];
    private readonly List<string> _requests = [];
    private int _failNext;
    private int _failStatus = 503;

    private FakeBigQueryServer(WebApplication app) => _app = app;

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c> (use it as
    /// <c>GoogleCloud:BigQueryEndpoint</c>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What a job ends with, decided when it is inserted. Default: success without rows.</summary>
    public Func<FakeBigQueryJob, FakeJobAnswer> Answer { get; set; } = _ => FakeJobAnswer.Empty;

    /// <summary>
    /// "BigQuery answers 409 and then the job": the first insert of each job id creates the job and still answers 409
    /// <c>duplicate</c> (as when a first attempt went through but its answer was lost), so the client must re-attach.
    /// </summary>
    public bool ConflictOnFirstInsert { get; set; }

    /// <summary><c>jobs.get</c> polls until a job is DONE (the first answers RUNNING), unless its
    /// <see cref="RunTime"/> ends first. Default 2.</summary>
    public int PollsUntilDone { get; set; } = 2;

    /// <summary>How long a job runs by itself before it is DONE, on <see cref="Time"/>;
    /// <see cref="Timeout.InfiniteTimeSpan"/>: only polls finish it. Default 200 ms.</summary>
    public TimeSpan RunTime { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// As BigQuery documents (https://cloud.google.com/bigquery/docs/transactions#transaction_concurrency): a
    /// transaction is aborted when another running job's transaction mutates one of the same tables — the later job
    /// ends with <c>errorResult</c> "Transaction is aborted due to concurrent update against table …". Default true.
    /// </summary>
    public bool AbortConcurrentTransactions { get; set; } = true;

    /// <summary>The fake's clock (job run times, <c>timeoutMs</c> waits). Default: the system clock.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Rows per <c>jobs.getQueryResults</c> page. Default 1 000.</summary>
    public int PageSize { get; set; } = 1_000;

    /// <summary>Every request, as <c>METHOD /path</c> (no query string), in order.</summary>
    public IReadOnlyList<string> Requests { get { lock (_gate) return _requests.ToList(); } }

    /// <summary>Every job, once per job id, in insertion order.</summary>
    public IReadOnlyList<FakeBigQueryJob> Jobs { get { lock (_gate) return _jobOrder.ToList(); } }

    /// <summary>Dataset ids that exist.</summary>
    public IReadOnlyList<string> Datasets { get { lock (_gate) return _datasets.Keys.Order().ToList(); } }

    /// <summary>Table ids (<c>dataset.table</c>) that exist.</summary>
    public IReadOnlyList<string> Tables { get { lock (_gate) return _tables.Keys.Order().ToList(); } }

    /// <summary>Starts the fake on a free port.</summary>
    public static async Task<FakeBigQueryServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(
            new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeBigQueryServer(app);
        server.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The next <paramref name="count"/> requests answer <paramref name="status"/> (503 by default) with
    /// Google's error body.</summary>
    public void FailNextRequests(int count = 1, int status = 503)
    {
        lock (_gate)
        {
            _failNext = count;
            _failStatus = status;
        }
    }

    /// <summary>The table resource of <paramref name="dataset"/>.<paramref name="table"/>, or null.</summary>
    public JsonObject? Table(string dataset, string table)
    {
        lock (_gate) return _tables.TryGetValue($"{dataset}.{table}", out var t) ? (JsonObject)t.DeepClone() : null;
    }

    /// <summary>Column names of a table's schema, in order (empty when the table does not exist).</summary>
    public IReadOnlyList<string> Columns(string dataset, string table) =>
        (Table(dataset, table)?["schema"]?["fields"] as JsonArray ?? [])
            .Select(f => f!["name"]!.GetValue<string>()).ToList();

    /// <summary>Puts a table as it is into the fake (for example one that lacks a column), replacing any.</summary>
    public void PutTable(string dataset, string table, JsonObject resource)
    {
        lock (_gate) _tables[$"{dataset}.{table}"] = resource;
    }

    /// <summary>How many times <c>jobs.insert</c> was called for <paramref name="jobId"/>.</summary>
    public int InsertsOf(string jobId)
    {
        lock (_gate) return _requests.Count(r => r == "POST jobs:" + jobId);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            bool fail;
            int status;
            lock (_gate)
            {
                _requests.Add($"{context.Request.Method} {context.Request.Path}");
                fail = _failNext > 0;
                if (fail) _failNext--;
                status = _failStatus;
            }
            if (fail)
            {
                await Error(status, status == 503 ? "UNAVAILABLE" : "INTERNAL", "backendError",
                    "The service is currently unavailable (scripted).").ExecuteAsync(context);
                return;
            }
            await next(context);
        });

        const string root = "/bigquery/v2/projects/{project}";
        app.MapPost(root + "/datasets", async (string project, HttpRequest request) =>
        {
            var body = await Body(request);
            var id = body["datasetReference"]?["datasetId"]?.GetValue<string>();
            if (string.IsNullOrEmpty(id))
                return Error(400, "INVALID_ARGUMENT", "invalid", "datasetReference.datasetId is required.");
            lock (_gate)
            {
                if (_datasets.ContainsKey(id))
                    return Error(409, "ALREADY_EXISTS", "duplicate", $"Already Exists: Dataset {project}:{id}");
                body["id"] = $"{project}:{id}";
                body["kind"] = "bigquery#dataset";
                _datasets[id] = body;
                return Results.Json(body);
            }
        });
        app.MapGet(root + "/datasets/{dataset}", (string project, string dataset) =>
        {
            lock (_gate)
                return _datasets.TryGetValue(dataset, out var d)
                    ? Results.Json(d)
                    : Error(404, "NOT_FOUND", "notFound", $"Not found: Dataset {project}:{dataset}");
        });
        app.MapDelete(root + "/datasets/{dataset}", (string project, string dataset, bool? deleteContents) =>
        {
            lock (_gate)
            {
                if (!_datasets.Remove(dataset))
                    return Error(404, "NOT_FOUND", "notFound", $"Not found: Dataset {project}:{dataset}");
                var tables = _tables.Keys.Where(k => k.StartsWith(dataset + ".", StringComparison.Ordinal)).ToList();
                if (tables.Count > 0 && deleteContents != true)
                    return Error(400, "FAILED_PRECONDITION", "resourceInUse",
                        $"Dataset {project}:{dataset} is still in use");
                foreach (var t in tables) _tables.Remove(t);
                return Results.NoContent();
            }
        });
        app.MapPost(root + "/datasets/{dataset}/tables", async (string project, string dataset, HttpRequest request) =>
        {
            var body = await Body(request);
            var id = body["tableReference"]?["tableId"]?.GetValue<string>();
            if (string.IsNullOrEmpty(id))
                return Error(400, "INVALID_ARGUMENT", "invalid", "tableReference.tableId is required.");
            lock (_gate)
            {
                if (!_datasets.ContainsKey(dataset))
                    return Error(404, "NOT_FOUND", "notFound", $"Not found: Dataset {project}:{dataset}");
                if (_tables.ContainsKey($"{dataset}.{id}"))
                    return Error(409, "ALREADY_EXISTS", "duplicate", $"Already Exists: Table {project}:{dataset}.{id}");
                body["id"] = $"{project}:{dataset}.{id}";
                body["kind"] = "bigquery#table";
                _tables[$"{dataset}.{id}"] = body;
                return Results.Json(body);
            }
        });
        app.MapGet(root + "/datasets/{dataset}/tables/{table}", (string project, string dataset, string table) =>
        {
            lock (_gate)
                return _tables.TryGetValue($"{dataset}.{table}", out var t)
                    ? Results.Json(LegacyTypes(t))
                    : Error(404, "NOT_FOUND", "notFound", $"Not found: Table {project}:{dataset}.{table}");
        });
        app.MapMethods(root + "/datasets/{dataset}/tables/{table}", ["PATCH"], async (string project, string dataset,
            string table, HttpRequest request) =>
        {
            var body = await Body(request);
            lock (_gate)
            {
                if (!_tables.TryGetValue($"{dataset}.{table}", out var t))
                    return Error(404, "NOT_FOUND", "notFound", $"Not found: Table {project}:{dataset}.{table}");
                foreach (var (key, value) in body) t[key] = value?.DeepClone();
                return Results.Json(t);
            }
        });
        app.MapDelete(root + "/datasets/{dataset}/tables/{table}", (string project, string dataset, string table) =>
        {
            lock (_gate)
                return _tables.Remove($"{dataset}.{table}")
                    ? Results.NoContent()
                    : Error(404, "NOT_FOUND", "notFound", $"Not found: Table {project}:{dataset}.{table}");
        });
        app.MapPost(root + "/jobs", async (string project, HttpRequest request) =>
        {
            var body = await Body(request);
            var id = body["jobReference"]?["jobId"]?.GetValue<string>();
            var location = body["jobReference"]?["location"]?.GetValue<string>() ?? "US";
            if (string.IsNullOrEmpty(id) || body["configuration"] is not JsonObject configuration)
                return Error(400, "INVALID_ARGUMENT", "invalid", "jobReference.jobId and configuration are required.");
            FakeBigQueryJob job;
            lock (_gate)
            {
                _requests.Add("POST jobs:" + id);
                if (_jobs.ContainsKey(id))
                    return Error(409, "ALREADY_EXISTS", "duplicate", $"Already Exists: Job {project}:{location}.{id}");
                job = new FakeBigQueryJob(id, location, (JsonObject)configuration.DeepClone(), Time.GetUtcNow());
                _jobs[id] = job;
                _jobOrder.Add(job);
            }
            if (RunTime != Timeout.InfiniteTimeSpan) _ = FinishAfterRunTimeAsync(job, RunTime);
            job.Answer = ConcurrentTransaction(project, job) ?? Answer(job);
            if (job.IsLoad && job.Answer.ErrorReason is null) ApplyLoad(job);
            if (ConflictOnFirstInsert)
                return Error(409, "ALREADY_EXISTS", "duplicate", $"Already Exists: Job {project}:{location}.{id}");
            lock (_gate) return Results.Json(Resource(project, job));
        });
        app.MapGet(root + "/jobs/{jobId}", (string project, string jobId, string? location) =>
        {
            lock (_gate)
            {
                if (Find(jobId, location) is not { } job) return JobNotFound(project, jobId, location);
                job.Polls++;
                if (job.Polls >= PollsUntilDone) Finish(job);
                else if (job.State != "DONE") job.State = "RUNNING";
                job.StatesServed.Add(job.State);
                return Results.Json(Resource(project, job));
            }
        });
        app.MapGet(root + "/queries/{jobId}", async (string project, string jobId, HttpRequest request) =>
        {
            var query = request.Query;
            var location = query["location"].FirstOrDefault();
            FakeBigQueryJob? job;
            lock (_gate) job = Find(jobId, location);
            if (job is null) return JobNotFound(project, jobId, location);
            var timeout = long.TryParse(query["timeoutMs"], CultureInfo.InvariantCulture, out var ms)
                ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds(10);
            if (!job.Done.Task.IsCompleted)
            {
                using var wait = new CancellationTokenSource(Timeout.InfiniteTimeSpan, Time);
                wait.CancelAfter(timeout);
                try { await job.Done.Task.WaitAsync(wait.Token); }
                catch (OperationCanceledException) { }
            }
            lock (_gate) return QueryResults(project, job, query);
        });
        app.MapFallback((HttpRequest request) => Error(404, "NOT_FOUND", "notFound",
            $"Not found: the fake BigQuery has no method {request.Method} {request.Path}."));
    }

    /// <summary>
    /// The <c>jobs.getQueryResults</c> answer
    /// (https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/getQueryResults): <c>jobComplete: false</c> while
    /// the job runs; else a page of rows from <c>startIndex</c> or <c>pageToken</c>, at most <c>maxResults</c> and
    /// <see cref="PageSize"/> of them, with <c>totalRows</c>, a typed <c>schema</c> and a <c>pageToken</c> while rows
    /// remain.
    /// </summary>
    private IResult QueryResults(string project, FakeBigQueryJob job, IQueryCollection query)
    {
        var reference = new JsonObject { ["projectId"] = project, ["jobId"] = job.JobId, ["location"] = job.Location };
        if (job.State != "DONE")
            return Results.Json(new JsonObject
            {
                ["kind"] = "bigquery#getQueryResultsResponse", ["jobReference"] = reference, ["jobComplete"] = false,
            });
        if (job.Answer.ErrorReason is { } reason)
            return Error(400, "INVALID_ARGUMENT", reason, job.Answer.ErrorMessage ?? "");
        var start = int.TryParse(query["pageToken"], CultureInfo.InvariantCulture, out var token) ? token
            : int.TryParse(query["startIndex"], CultureInfo.InvariantCulture, out var index) ? index : 0;
        var size = int.TryParse(query["maxResults"], CultureInfo.InvariantCulture, out var max) && max > 0
            ? Math.Min(max, PageSize) : PageSize;
        var int64Timestamps = string.Equals(query["formatOptions.useInt64Timestamp"], "true",
            StringComparison.OrdinalIgnoreCase);
        var answer = job.Answer;
        var types = answer.Fields.Select((_, i) => answer.TypeOf(i)).ToList();
        var rows = answer.Rows.Skip(start).Take(size).ToList();
        var result = new JsonObject
        {
            ["kind"] = "bigquery#getQueryResultsResponse",
            ["jobReference"] = reference,
            ["jobComplete"] = true,
            ["totalRows"] = answer.Rows.Count.ToString(CultureInfo.InvariantCulture),
            ["schema"] = new JsonObject
            {
                ["fields"] = new JsonArray(answer.Fields.Select((f, i) => (JsonNode)new JsonObject
                    { ["name"] = f, ["type"] = types[i], ["mode"] = "NULLABLE" }).ToArray()),
            },
            ["rows"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
            {
                ["f"] = new JsonArray(r.Select((v, i) => (JsonNode)new JsonObject
                    { ["v"] = v is null ? null : JsonValue.Create(Format(v, types[i], int64Timestamps)) }).ToArray()),
            }).ToArray()),
        };
        if (start + rows.Count < answer.Rows.Count)
            result["pageToken"] = (start + rows.Count).ToString(CultureInfo.InvariantCulture);
        return Results.Json(result);
    }

    /// <summary>The abort of <paramref name="job"/> when a running job's transaction mutates one of its
    /// tables.</summary>
    private FakeJobAnswer? ConcurrentTransaction(string project, FakeBigQueryJob job)
    {
        if (!AbortConcurrentTransactions) return null;
        var tables = job.TransactionTables;
        if (tables.Count == 0) return null;
        lock (_gate)
        {
            // Only a transaction that started earlier and is still running aborts this one: two inserted at once
            // must not both see each other (the later one loses, as in BigQuery).
            var clash = _jobOrder.TakeWhile(j => j != job).Where(j => j.State != "DONE")
                .SelectMany(j => j.TransactionTables).FirstOrDefault(tables.Contains);
            return clash is null ? null : FakeJobAnswer.Error("invalidQuery",
                $"Transaction is aborted due to concurrent update against table {project}:{clash}.");
        }
    }

    private FakeBigQueryJob? Find(string jobId, string? location) =>
        _jobs.TryGetValue(jobId, out var job)
        && (string.IsNullOrEmpty(location) || string.Equals(location, job.Location, StringComparison.OrdinalIgnoreCase))
            ? job : null;

    private static IResult JobNotFound(string project, string jobId, string? location) =>
        Error(404, "NOT_FOUND", "notFound",
            $"Not found: Job {project}:{(string.IsNullOrEmpty(location) ? "" : location + ".")}{jobId}");

    private async Task FinishAfterRunTimeAsync(FakeBigQueryJob job, TimeSpan runTime)
    {
        await Task.Delay(runTime, Time);
        lock (_gate) Finish(job);
    }

    /// <summary>Marks <paramref name="job"/> DONE (under the gate) and wakes the waits on its results.</summary>
    private static void Finish(FakeBigQueryJob job)
    {
        job.State = "DONE";
        job.Done.TrySetResult();
    }

    private void ApplyLoad(FakeBigQueryJob job)
    {
        var load = job.Configuration["load"]!;
        var destination = load["destinationTable"];
        var dataset = destination?["datasetId"]?.GetValue<string>();
        var table = destination?["tableId"]?.GetValue<string>();
        if (dataset is null || table is null) return;
        lock (_gate)
        {
            if (!_tables.TryGetValue($"{dataset}.{table}", out var t))
            {
                t = new JsonObject { ["tableReference"] = destination!.DeepClone(), ["kind"] = "bigquery#table" };
                _tables[$"{dataset}.{table}"] = t;
            }
            if (load["schema"] is JsonObject schema) t["schema"] = schema.DeepClone();
        }
    }

    private static JsonObject Resource(string project, FakeBigQueryJob job)
    {
        var status = new JsonObject { ["state"] = job.State };
        if (job.State == "DONE" && job.Answer.ErrorReason is { } reason)
        {
            status["errorResult"] = new JsonObject { ["reason"] = reason, ["message"] = job.Answer.ErrorMessage };
            status["errors"] = new JsonArray(new JsonObject
            {
                ["reason"] = reason, ["message"] = job.Answer.ErrorMessage, ["location"] = "query",
            });
        }
        return new JsonObject
        {
            ["kind"] = "bigquery#job",
            ["id"] = $"{project}:{job.Location}.{job.JobId}",
            ["jobReference"] = new JsonObject
            {
                ["projectId"] = project, ["jobId"] = job.JobId, ["location"] = job.Location,
            },
            ["configuration"] = job.Configuration.DeepClone(),
            ["status"] = status,
        };
    }

    /// <summary>tables.get answers legacy type names, as the real API does (INT64 → INTEGER, BOOL → BOOLEAN).</summary>
    private static JsonObject LegacyTypes(JsonObject table)
    {
        var copy = (JsonObject)table.DeepClone();
        foreach (var field in copy["schema"]?["fields"] as JsonArray ?? [])
            if (field is JsonObject f && f["type"]?.GetValue<string>() is { } type)
                f["type"] = type switch { "INT64" => "INTEGER", "BOOL" => "BOOLEAN", "FLOAT64" => "FLOAT", _ => type };
        return copy;
    }

    /// <summary>A cell as the REST API serializes it: every scalar a string; TIMESTAMP as epoch seconds with a
    /// fraction, or integer epoch microseconds when the client asked <c>formatOptions.useInt64Timestamp</c>.</summary>
    private static string Format(object value, string type, bool int64Timestamps) => value switch
    {
        bool b => b ? "true" : "false",
        DateTimeOffset t when type == "TIMESTAMP" => int64Timestamps
            ? ((t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture)
            : ((t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 1e7)
                .ToString("0.0#####", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static async Task<JsonObject> Body(HttpRequest request) =>
        await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];

    private static IResult Error(int code, string status, string reason, string message) =>
        Results.Json(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["status"] = status,
                ["errors"] = new JsonArray(new JsonObject
                {
                    ["reason"] = reason, ["message"] = message, ["domain"] = "global",
                }),
            },
        }, statusCode: code);
}
