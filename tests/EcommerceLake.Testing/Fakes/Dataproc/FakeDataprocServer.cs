using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcommerceLake.Lake;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Testing.Fakes.Dataproc;

/// <summary>
/// A fake Dataproc REST API v1 on 127.0.0.1 following https://cloud.google.com/dataproc/docs/reference/rest:
/// clusters (<c>create</c> → Operation, CREATING for <see cref="CreatingPolls"/> reads then RUNNING, request-id
/// de-duplication, 409 ALREADY_EXISTS, <c>get</c>, <c>delete</c> → Operation, DELETING for <see cref="DeletingPolls"/>
/// reads then gone, 404 NOT_FOUND, 400 FAILED_PRECONDITION while CREATING), operations (<c>get</c>) and jobs
/// (<c>submit</c> with request-id de-duplication and 409 on a duplicate job id, <c>get</c>, <c>cancel</c>). A job goes
/// PENDING → SETUP_DONE → RUNNING, one step per read; in RUNNING the <see cref="JobRunner"/> runs the attempt in the
/// background and its <see cref="FakeJobOutcome"/> decides the next state (DONE, ERROR, or ATTEMPT_FAILURE then RUNNING
/// again with the next attempt). A cancel goes CANCEL_PENDING → CANCEL_STARTED → CANCELLED and cancels the runner.
/// Errors use Google's body <c>{"error":{"code","message","status","errors":[{"reason"}]}}</c>. Answers are proto3 JSON
/// as Google's clients parse it (checked with @google-cloud/dataproc over google-gax's REST fallback,
/// tests/conformance/google/dataproc.test.mjs): no <c>null</c> members, RFC 3339 UTC timestamps, and an operation's
/// <c>response</c>/<c>metadata</c> carry their <c>@type</c>.
/// </summary>
public sealed partial class FakeDataprocServer : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<FakeDataprocRequest> _requests = [];
    private readonly List<FakeDataprocCluster> _clusters = [];
    private readonly Dictionary<string, FakeDataprocCluster> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _requestIds = new(StringComparer.Ordinal);
    private readonly List<FakeDataprocJob> _jobs = [];
    private WebApplication _app = null!;

    private FakeDataprocServer(ILakeStore? lake) => JobRunner = FakeJobRunners.InProcess(lake);

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>; use it as
    /// <c>GoogleCloud:DataprocEndpoint</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>What a job does in one attempt. Default: <see cref="FakeJobRunners.InProcess"/> over the lake given to
    /// <see cref="StartAsync"/>.</summary>
    public Func<FakeDataprocJob, CancellationToken, Task<FakeJobOutcome>> JobRunner { get; set; }

    /// <summary>Reads of a CREATING cluster before it is RUNNING (or ERROR). Default 2.</summary>
    public int CreatingPolls { get; set; } = 2;

    /// <summary>Reads of a DELETING cluster before it is gone. Default 1.</summary>
    public int DeletingPolls { get; set; } = 1;

    /// <summary>When set, clusters created from now on end in ERROR with this <c>status.detail</c> instead of
    /// RUNNING.</summary>
    public string? ClusterCreationFailure { get; set; }

    /// <summary>When set, cluster creation answers this HTTP error (status code, canonical status, message).</summary>
    public (HttpStatusCode Code, string Status, string Message)? CreateClusterError { get; set; }

    /// <summary>When set, cluster deletion answers this HTTP error (status code, canonical status, message).</summary>
    public (HttpStatusCode Code, string Status, string Message)? DeleteClusterError { get; set; }

    /// <summary>
    /// When true, request ids seen so far are forgotten (as Dataproc does after a while), so a repeated job submission
    /// meets the existing job id and answers 409 ALREADY_EXISTS.
    /// </summary>
    public bool ForgetRequestIds { get; set; }

    /// <summary>When true, every cluster delete answers 404 NOT_FOUND.</summary>
    public bool DeleteAnswersNotFound { get; set; }

    /// <summary>When true (default), deleting a CREATING cluster answers 400 FAILED_PRECONDITION, as Dataproc
    /// does.</summary>
    public bool RejectDeleteWhileCreating { get; set; } = true;

    /// <summary>Called with each request once it is recorded, before it is answered, so a test can act at an exact
    /// point.</summary>
    public Action<FakeDataprocRequest>? OnRequest { get; set; }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<FakeDataprocRequest> Requests { get { lock (_gate) return _requests.ToList(); } }

    /// <summary>Every cluster ever created, in order (deleted ones included).</summary>
    public IReadOnlyList<FakeDataprocCluster> ClustersCreated { get { lock (_gate) return _clusters.ToList(); } }

    /// <summary>Names of the clusters deleted so far.</summary>
    public IReadOnlyList<string> DeletedClusters
    {
        get { lock (_gate) return _clusters.Where(c => c.IsDeleted).Select(c => c.Name).ToList(); }
    }

    /// <summary>Every job submitted, in order.</summary>
    public IReadOnlyList<FakeDataprocJob> Jobs { get { lock (_gate) return _jobs.ToList(); } }

    /// <summary>Starts the fake on a free port. <paramref name="lake"/> is the lake the default job runner maps URIs
    /// to.</summary>
    public static async Task<FakeDataprocServer> StartAsync(ILakeStore? lake = null)
    {
        var server = new FakeDataprocServer(lake);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Map("/{**path}", server.HandleAsync);
        await app.StartAsync();
        server._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The cluster named <paramref name="name"/> that exists now (not deleted), or null.</summary>
    public FakeDataprocCluster? Cluster(string name)
    {
        lock (_gate) return Live(name);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
            foreach (var job in _jobs) job.Cancellation.Cancel();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var recorded = new FakeDataprocRequest(
            request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", body);
        lock (_gate) _requests.Add(recorded);
        OnRequest?.Invoke(recorded);

        var path = request.Path.Value ?? "";
        var match = ResourcePath().Match(path);
        if (!match.Success)
        {
            await Error(context, HttpStatusCode.NotFound, "NOT_FOUND", $"Unknown path {path}.");
            return;
        }
        var (project, region, rest) =
            (match.Groups["project"].Value, match.Groups["region"].Value, match.Groups["rest"].Value);
        var parent = $"projects/{project}/regions/{region}";
        var requestId = request.Query["requestId"].ToString();
        (HttpStatusCode Code, JsonNode Body) answer;
        lock (_gate)
        {
            answer = (request.Method, rest.Split('/')) switch
            {
                ("POST", ["clusters"]) => CreateCluster(parent, requestId, body),
                ("GET", ["clusters", var name]) => GetCluster(name),
                ("DELETE", ["clusters", var name]) => DeleteCluster(parent, name, requestId),
                ("GET", ["operations", var id]) => GetOperation($"{parent}/operations/{id}"),
                ("POST", ["jobs:submit"]) => SubmitJob(project, body),
                ("GET", ["jobs", var id]) => GetJob(project, id),
                ("POST", ["jobs", var id]) when id.EndsWith(":cancel", StringComparison.Ordinal) =>
                    CancelJob(project, id[..^":cancel".Length]),
                _ => ErrorBody(HttpStatusCode.NotFound, "NOT_FOUND", $"Unknown method {request.Method} {path}."),
            };
        }
        context.Response.StatusCode = (int)answer.Code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body.ToJsonString());
    }

    private (HttpStatusCode, JsonNode) CreateCluster(string parent, string requestId, string body)
    {
        if (CreateClusterError is { } error) return ErrorBody(error.Code, error.Status, error.Message);
        if (requestId.Length > 0 && !RequestIdPattern().IsMatch(requestId))
            return ErrorBody(HttpStatusCode.BadRequest, "INVALID_ARGUMENT", $"Invalid requestId '{requestId}'.");
        if (requestId.Length > 0 && !ForgetRequestIds
            && _requestIds.TryGetValue("cluster:" + requestId, out var operation))
            return (HttpStatusCode.OK, RenderOperation(operation));

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var name = root.TryGetProperty("clusterName", out var n) ? n.GetString() ?? "" : "";
        if (!ClusterNamePattern().IsMatch(name))
            return ErrorBody(HttpStatusCode.BadRequest, "INVALID_ARGUMENT",
                $"Invalid cluster name '{name}': up to 51 lower-case letters, digits and hyphens, starting with a " +
                "letter.");
        if (Live(name) is not null)
            return ErrorBody(HttpStatusCode.Conflict, "ALREADY_EXISTS",
                $"Already exists: Failed to create cluster: Cluster {parent}/clusters/{name}");
        var labels = root.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object
            ? l.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString() ?? "")
            : new Dictionary<string, string>();
        var config = root.TryGetProperty("config", out var c)
            ? c.Clone()
            : JsonDocument.Parse("{}").RootElement.Clone();
        var cluster = new FakeDataprocCluster(name, requestId, labels, config, $"{parent}/operations/{Guid.NewGuid()}")
        {
            FailureDetail = ClusterCreationFailure,
        };
        _clusters.Add(cluster);
        _operations[cluster.CreateOperation] = cluster;
        if (requestId.Length > 0) _requestIds["cluster:" + requestId] = cluster.CreateOperation;
        return (HttpStatusCode.OK, RenderOperation(cluster.CreateOperation));
    }

    private (HttpStatusCode, JsonNode) GetCluster(string name)
    {
        var cluster = Live(name);
        if (cluster is null) return ErrorBody(HttpStatusCode.NotFound, "NOT_FOUND", $"Not found: Cluster {name}");
        Observe(cluster);
        return cluster.IsDeleted
            ? ErrorBody(HttpStatusCode.NotFound, "NOT_FOUND", $"Not found: Cluster {name}")
            : (HttpStatusCode.OK, RenderCluster(cluster));
    }

    private (HttpStatusCode, JsonNode) DeleteCluster(string parent, string name, string requestId)
    {
        if (DeleteClusterError is { } error) return ErrorBody(error.Code, error.Status, error.Message);
        if (DeleteAnswersNotFound)
            return ErrorBody(HttpStatusCode.NotFound, "NOT_FOUND", $"Not found: Cluster {parent}/clusters/{name}");
        if (requestId.Length > 0 && !ForgetRequestIds
            && _requestIds.TryGetValue("delete:" + requestId, out var operation))
            return (HttpStatusCode.OK, RenderOperation(operation));
        var cluster = Live(name);
        if (cluster is null)
            return ErrorBody(HttpStatusCode.NotFound, "NOT_FOUND", $"Not found: Cluster {parent}/clusters/{name}");
        if (cluster.State == "CREATING" && RejectDeleteWhileCreating)
        {
            Observe(cluster);
            return ErrorBody(HttpStatusCode.BadRequest, "FAILED_PRECONDITION",
                $"Cannot delete cluster '{name}' while it is in state CREATING; retry when the create operation is " +
                "done.");
        }
        if (cluster.DeleteOperation is null)
        {
            cluster.DeleteOperation = $"{parent}/operations/{Guid.NewGuid()}";
            _operations[cluster.DeleteOperation] = cluster;
            cluster.State = "DELETING";
            cluster.Polls = 0;
        }
        if (requestId.Length > 0) _requestIds["delete:" + requestId] = cluster.DeleteOperation;
        return (HttpStatusCode.OK, RenderOperation(cluster.DeleteOperation));
    }

    private (HttpStatusCode, JsonNode) GetOperation(string name)
    {
        if (!_operations.TryGetValue(name, out var cluster))
            return ErrorBody(HttpStatusCode.NotFound, "NOT_FOUND", $"Operation {name} not found.");
        Observe(cluster);
        return (HttpStatusCode.OK, RenderOperation(name));
    }

    private (HttpStatusCode, JsonNode) SubmitJob(string project, string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var requestId = root.TryGetProperty("requestId", out var r) ? r.GetString() ?? "" : "";
        if (requestId.Length > 0 && !RequestIdPattern().IsMatch(requestId))
            return ErrorBody(HttpStatusCode.BadRequest, "INVALID_ARGUMENT", $"Invalid requestId '{requestId}'.");
        if (requestId.Length > 0 && !ForgetRequestIds
            && _jobs.FirstOrDefault(j => j.RequestId == requestId) is { } same)
            return (HttpStatusCode.OK, RenderJob(project, same));
        if (!root.TryGetProperty("job", out var job) || job.ValueKind != JsonValueKind.Object)
            return ErrorBody(HttpStatusCode.BadRequest, "INVALID_ARGUMENT", "The request has no job.");
        var jobId = job.TryGetProperty("reference", out var reference) && reference.TryGetProperty("jobId", out var id)
            ? id.GetString() ?? ""
            : Guid.NewGuid().ToString("N");
        if (!JobIdPattern().IsMatch(jobId))
            return ErrorBody(HttpStatusCode.BadRequest, "INVALID_ARGUMENT", $"Invalid job id '{jobId}'.");
        if (_jobs.Any(j => j.JobId == jobId))
            return ErrorBody(HttpStatusCode.Conflict, "ALREADY_EXISTS",
                $"Already exists: Failed to submit job: Job projects/{project}/regions/x/jobs/{jobId}");
        var clusterName = job.TryGetProperty("placement", out var placement)
            && placement.TryGetProperty("clusterName", out var cn)
            ? cn.GetString() ?? ""
            : "";
        var cluster = Live(clusterName);
        if (cluster is null)
            return ErrorBody(HttpStatusCode.NotFound, "NOT_FOUND", $"Not found: Cluster {clusterName}");
        if (cluster.State != "RUNNING")
            return ErrorBody(HttpStatusCode.BadRequest, "FAILED_PRECONDITION",
                $"Cluster {clusterName} is {cluster.State}, not RUNNING.");
        var fake = new FakeDataprocJob(jobId, requestId, clusterName, cluster.Uuid, job.Clone());
        _jobs.Add(fake);
        return (HttpStatusCode.OK, RenderJob(project, fake));
    }

    private (HttpStatusCode, JsonNode) GetJob(string project, string jobId)
    {
        var job = _jobs.FirstOrDefault(j => j.JobId == jobId);
        if (job is null) return ErrorBody(HttpStatusCode.NotFound, "NOT_FOUND", $"Not found: Job {jobId}");
        Advance(job);
        return (HttpStatusCode.OK, RenderJob(project, job));
    }

    private (HttpStatusCode, JsonNode) CancelJob(string project, string jobId)
    {
        var job = _jobs.FirstOrDefault(j => j.JobId == jobId);
        if (job is null) return ErrorBody(HttpStatusCode.NotFound, "NOT_FOUND", $"Not found: Job {jobId}");
        if (job.State is "DONE" or "ERROR" or "CANCELLED")
            return ErrorBody(HttpStatusCode.BadRequest, "FAILED_PRECONDITION",
                $"Job {jobId} is in state {job.State} and cannot be cancelled.");
        if (!job.CancelRequested)
        {
            job.CancelRequested = true;
            job.Cancellation.Cancel();
            SetState(job, "CANCEL_PENDING", null);
        }
        return (HttpStatusCode.OK, RenderJob(project, job));
    }

    private void Observe(FakeDataprocCluster cluster)
    {
        switch (cluster.State)
        {
            case "CREATING" when ++cluster.Polls >= CreatingPolls:
                if (cluster.FailureDetail is { } detail) (cluster.State, cluster.Detail) = ("ERROR", detail);
                else cluster.State = "RUNNING";
                break;
            case "DELETING" when ++cluster.Polls >= DeletingPolls:
                cluster.State = "DELETED";
                break;
        }
    }

    private void Advance(FakeDataprocJob job)
    {
        switch (job.State)
        {
            case "PENDING":
                SetState(job, "SETUP_DONE", null);
                break;
            case "SETUP_DONE":
            case "ATTEMPT_FAILURE":
                StartAttempt(job);
                break;
            case "RUNNING" when job.Running is { IsCompleted: true } done:
                var outcome = done.IsCompletedSuccessfully ? done.Result
                    : done.IsFaulted ? FakeJobOutcome.Error(done.Exception!.GetBaseException().Message)
                    : null;
                if (outcome is not null) SetState(job, outcome.State, outcome.Details);
                break;
            case "CANCEL_PENDING":
                SetState(job, "CANCEL_STARTED", null);
                break;
            case "CANCEL_STARTED":
                SetState(job, "CANCELLED", "Job cancelled by user request.");
                break;
        }
    }

    private void StartAttempt(FakeDataprocJob job)
    {
        job.Attempt++;
        SetState(job, "RUNNING", null);
        var runner = JobRunner;
        job.Running = Task.Run(() => runner(job, job.Cancellation.Token));
    }

    private static void SetState(FakeDataprocJob job, string state, string? details)
    {
        job.State = state;
        job.Details = details;
        job.StateStart = DateTimeOffset.UtcNow;
        job.StateLog.Add(state);
    }

    private FakeDataprocCluster? Live(string name) => _clusters.LastOrDefault(c => c.Name == name && !c.IsDeleted);

    private static JsonNode RenderCluster(FakeDataprocCluster cluster) => new JsonObject
    {
        ["projectId"] = TestGoogleCloud.ProjectId,
        ["clusterName"] = cluster.Name,
        ["clusterUuid"] = cluster.Uuid,
        ["labels"] = new JsonObject(cluster.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
        ["config"] = JsonNode.Parse(cluster.Config.GetRawText()),
        ["status"] = WithoutNulls(new JsonObject
        {
            ["state"] = cluster.State,
            ["detail"] = cluster.Detail,
            ["stateStartTime"] = Timestamp(DateTimeOffset.UtcNow),
        }),
    };

    private JsonNode RenderOperation(string name)
    {
        var cluster = _operations[name];
        var isDelete = name == cluster.DeleteOperation;
        var done = isDelete ? cluster.IsDeleted : cluster.State is "RUNNING" or "ERROR" || cluster.IsDeleted;
        var operation = new JsonObject
        {
            ["name"] = name,
            ["metadata"] = new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.cloud.dataproc.v1.ClusterOperationMetadata",
                ["clusterName"] = cluster.Name,
                ["clusterUuid"] = cluster.Uuid,
                ["operationType"] = isDelete ? "DELETE" : "CREATE",
                ["status"] = new JsonObject { ["state"] = done ? "DONE" : "RUNNING" },
                ["labels"] = new JsonObject(cluster.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            },
            ["done"] = done,
        };
        // An Operation's result is a google.protobuf.Any: the message's fields plus "@type"
        // (https://protobuf.dev/programming-guides/proto3/#json): a Cluster for create, Empty for delete.
        if (done && !isDelete && cluster.State == "ERROR")
            operation["error"] = WithoutNulls(new JsonObject { ["code"] = 13, ["message"] = cluster.Detail });
        else if (done && !isDelete)
        {
            var response = (JsonObject)RenderCluster(cluster);
            response.Insert(0, "@type", "type.googleapis.com/google.cloud.dataproc.v1.Cluster");
            operation["response"] = response;
        }
        else if (done)
            operation["response"] = new JsonObject { ["@type"] = "type.googleapis.com/google.protobuf.Empty" };
        return operation;
    }

    private static JsonNode RenderJob(string project, FakeDataprocJob job)
    {
        var body = JsonNode.Parse(job.Body.GetRawText())!.AsObject();
        body["reference"] = new JsonObject { ["projectId"] = project, ["jobId"] = job.JobId };
        body["placement"] = new JsonObject { ["clusterName"] = job.ClusterName, ["clusterUuid"] = job.ClusterUuid };
        body["status"] = WithoutNulls(new JsonObject
        {
            ["state"] = job.State,
            ["details"] = job.Details,
            ["stateStartTime"] = Timestamp(job.StateStart),
        });
        body["statusHistory"] = new JsonArray(
            job.States.SkipLast(1).Select(s => (JsonNode)new JsonObject { ["state"] = s }).ToArray());
        body["driverOutputResourceUri"] = $"gs://dataproc-staging-fake/google-cloud-dataproc-metainfo/" +
            $"{job.ClusterUuid}/jobs/{job.JobId}/driveroutput";
        body["jobUuid"] = job.JobId + "-uuid";
        body["done"] = job.State is "DONE" or "ERROR" or "CANCELLED";
        return body;
    }

    /// <summary>
    /// Drops null members: proto3 JSON leaves an unset field out
    /// (https://protobuf.dev/programming-guides/proto3/#json), and Google's clients parse a <c>null</c> message field
    /// as an error.
    /// </summary>
    private static JsonObject WithoutNulls(JsonObject value)
    {
        foreach (var key in value.Where(p => p.Value is null).Select(p => p.Key).ToList()) value.Remove(key);
        return value;
    }

    /// <summary>A google.protobuf.Timestamp in JSON: RFC 3339 in UTC with 'Z' and at most 9 fractional
    /// digits.</summary>
    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(
            "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static (HttpStatusCode, JsonNode) ErrorBody(HttpStatusCode code, string status, string message) =>
        (code, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = (int)code,
                ["message"] = message,
                ["status"] = status,
                ["errors"] = new JsonArray(
                    new JsonObject { ["reason"] = status.ToLowerInvariant(), ["message"] = message }),
            },
        });

    private static async Task Error(HttpContext context, HttpStatusCode code, string status, string message)
    {
        var (_, body) = ErrorBody(code, status, message);
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    [GeneratedRegex("^/v1/projects/(?<project>[^/]+)/regions/(?<region>[^/]+)/(?<rest>.+)$")]
    private static partial Regex ResourcePath();

    [GeneratedRegex("^[a-z](?:[a-z0-9-]{0,49}[a-z0-9])?$")]
    private static partial Regex ClusterNamePattern();

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,40}$")]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,100}$")]
    private static partial Regex JobIdPattern();
}
