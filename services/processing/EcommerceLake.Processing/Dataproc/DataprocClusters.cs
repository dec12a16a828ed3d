using System.Text.Json;
using EcommerceLake.Google;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Processing.Dataproc;

/// <summary>
/// The run's ephemeral Dataproc cluster over the REST API
/// (https://cloud.google.com/dataproc/docs/reference/rest/v1/projects.regions.clusters): create (with a request id
/// derived from the run, so a repeated create returns the first operation instead of a second cluster), read, wait
/// until RUNNING, delete (404 = already gone). Creates and deletes answer with a long-running Operation
/// (https://cloud.google.com/dataproc/docs/reference/rest/v1/projects.regions.operations).
/// </summary>
public sealed class DataprocClusters(GoogleApiClient client, IOptions<DataprocOptions> options,
    ILogger<DataprocClusters> logger)
{
    private DataprocOptions Options => options.Value;

    private TimeSpan ReadyTimeout => TimeSpan.FromMinutes(Options.ClusterReadyTimeoutMinutes);

    /// <summary>The name of the cluster of <paramref name="runId"/>.</summary>
    public string NameOf(Guid runId) => Options.ClusterName(runId);

    /// <summary>
    /// Requests the creation of the run's cluster:
    /// <c>POST v1/projects/{project}/regions/{region}/clusters?requestId=create-{run}</c> with labels
    /// <c>lake-run-id</c> and <c>managed-by</c>, the machine types, the image, and the lifecycle TTLs
    /// (<c>idleDeleteTtl</c>, the safety net when a delete is lost, and <c>autoDeleteTtl</c>). Does not wait.
    /// </summary>
    /// <returns>True when this call created the request; false when the cluster already existed (409
    /// ALREADY_EXISTS).</returns>
    /// <exception cref="GoogleApiException">Dataproc refused the request (quota, permission, invalid
    /// configuration).</exception>
    public async Task<bool> CreateAsync(Guid runId, CancellationToken cancellationToken)
    {
        var o = Options;
        var name = NameOf(runId);
        var gce = new Dictionary<string, object?>
        {
            ["internalIpOnly"] = o.InternalIpOnly,
            ["serviceAccountScopes"] = new[] { GoogleCloudOptions.CloudPlatformScope },
        };
        if (!string.IsNullOrWhiteSpace(o.ServiceAccount)) gce["serviceAccount"] = o.ServiceAccount;
        if (!string.IsNullOrWhiteSpace(o.Subnetwork)) gce["subnetworkUri"] = o.Subnetwork;
        var body = new Dictionary<string, object?>
        {
            ["projectId"] = client.Options.ProjectId,
            ["clusterName"] = name,
            ["labels"] = new Dictionary<string, string>
            {
                [DataprocNames.RunLabel] = runId.ToString("N"),
                [DataprocNames.ManagedByLabel] = DataprocNames.ManagedByValue,
            },
            ["config"] = new Dictionary<string, object?>
            {
                ["gceClusterConfig"] = gce,
                ["masterConfig"] = new { numInstances = 1, machineTypeUri = o.MasterMachineType },
                ["workerConfig"] = new { numInstances = o.WorkerCount, machineTypeUri = o.WorkerMachineType },
                ["softwareConfig"] = new { imageVersion = o.ImageVersion },
                ["lifecycleConfig"] = new
                {
                    idleDeleteTtl = Duration(TimeSpan.FromMinutes(o.IdleDeleteTtlMinutes)),
                    autoDeleteTtl = Duration(TimeSpan.FromMinutes(o.MaxClusterAgeMinutes)),
                },
            },
        };
        var uri = Uri($"clusters?requestId={DataprocNames.CreateClusterRequestId(runId)}");
        try
        {
            var operation = await client.SendJsonAsync(HttpMethod.Post, uri, body, cancellationToken);
            logger.LogInformation("Requested Dataproc cluster {Cluster} for run {RunId} (operation {Operation})",
                name, runId, OperationName(operation));
            return true;
        }
        catch (GoogleApiException e) when (e.IsConflict)
        {
            logger.LogInformation("Dataproc cluster {Cluster} of run {RunId} already exists", name, runId);
            return false;
        }
    }

    /// <summary>Reads a cluster: <c>GET v1/projects/{project}/regions/{region}/clusters/{name}</c>.</summary>
    /// <returns>The cluster, or null when it does not exist (404).</returns>
    public async Task<DataprocCluster?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return DataprocCluster.Parse(await client.SendJsonAsync(HttpMethod.Get, Uri($"clusters/{name}"), null,
                cancellationToken));
        }
        catch (GoogleApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Makes sure the run's cluster exists and is RUNNING: requests it when missing (same request id as
    /// <c>ProvisionCluster</c>, so never a second cluster) and waits (<see cref="WaitUntilRunningAsync"/>).
    /// </summary>
    /// <exception cref="DataprocException">The cluster is in ERROR; the message carries
    /// <c>status.detail</c>.</exception>
    /// <exception cref="InvalidOperationException">The cluster disappeared or is stopping/deleting.</exception>
    /// <exception cref="TimeoutException">Not RUNNING within <c>ClusterReadyTimeoutMinutes</c>.</exception>
    /// <exception cref="GoogleApiException">Dataproc refused the creation.</exception>
    public async Task<DataprocCluster> EnsureRunningAsync(Guid runId, CancellationToken cancellationToken)
    {
        var name = NameOf(runId);
        var cluster = await GetAsync(name, cancellationToken);
        if (cluster is { IsRunning: true }) return cluster;
        if (cluster is null) await CreateAsync(runId, cancellationToken);
        return await WaitUntilRunningAsync(name, cancellationToken);
    }

    /// <summary>Polls the cluster with back-off until it is RUNNING.</summary>
    /// <exception cref="DataprocException">The cluster reached ERROR or ERROR_DUE_TO_UPDATE; the message carries
    /// <c>status.detail</c>.</exception>
    /// <exception cref="InvalidOperationException">The cluster is gone (404: its idle TTL or the run's end deleted it)
    /// or is DELETING, STOPPING or STOPPED.</exception>
    /// <exception cref="TimeoutException">Not RUNNING within <c>ClusterReadyTimeoutMinutes</c>.</exception>
    public async Task<DataprocCluster> WaitUntilRunningAsync(string name, CancellationToken cancellationToken)
    {
        string? lastState = null;
        var cluster = await GooglePoller.UntilAsync(client, $"Dataproc cluster {name}",
            ct => GetAsync(name, ct),
            c => c is null || c.State is not ("CREATING" or "UPDATING" or "STARTING" or "REPAIRING" or "UNKNOWN"),
            ReadyTimeout,
            c =>
            {
                if (c is null || c.State == lastState) return;
                lastState = c.State;
                logger.LogInformation("Dataproc cluster {Cluster} is {State}", name, c.State);
            },
            cancellationToken);
        if (cluster is null)
            throw new InvalidOperationException(
                $"Dataproc cluster {name} does not exist: it was deleted (idle-delete TTL " +
                $"of {Options.IdleDeleteTtlMinutes} min, maximum age, or the run's end) or never created.");
        if (cluster.IsFailed)
            throw new DataprocException($"Dataproc cluster {name} " +
                $"is {cluster.State}: {cluster.Detail ?? "no detail given"}", name, cluster.State, cluster.Detail);
        if (!cluster.IsRunning)
            throw new InvalidOperationException(
                $"Dataproc cluster {name} is {cluster.State}, not RUNNING: {cluster.Detail}");
        return cluster;
    }

    /// <summary>
    /// Deletes the run's cluster:
    /// <c>DELETE v1/projects/{project}/regions/{region}/clusters/{name}?requestId=delete-{run}</c>, retried with
    /// back-off while Dataproc answers FAILED_PRECONDITION (the cluster is still CREATING or UPDATING), then waits
    /// until the delete operation is done.
    /// </summary>
    /// <returns>True when the cluster was deleted (now, or by an earlier request with the same id); false when it did
    /// not exist (404).</returns>
    /// <exception cref="DataprocException">The delete operation finished with an error.</exception>
    /// <exception cref="TimeoutException">Not deleted within <c>ClusterReadyTimeoutMinutes</c>.</exception>
    /// <exception cref="GoogleApiException">Dataproc refused the delete for another reason (permission,
    /// …).</exception>
    public async Task<bool> DeleteAsync(Guid runId, CancellationToken cancellationToken)
    {
        var name = NameOf(runId);
        var uri = Uri($"clusters/{name}?requestId={DataprocNames.DeleteClusterRequestId(runId)}");
        var started = client.Time.GetTimestamp();
        JsonElement operation;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                operation = await client.SendJsonAsync(HttpMethod.Delete, uri, null, cancellationToken);
                break;
            }
            catch (GoogleApiException e) when (e.IsNotFound)
            {
                logger.LogInformation("Dataproc cluster {Cluster} of run {RunId} is already gone", name, runId);
                return false;
            }
            catch (GoogleApiException e) when (e.IsFailedPrecondition)
            {
                if (client.Time.GetElapsedTime(started) >= ReadyTimeout)
                    throw new TimeoutException($"Dataproc cluster {name} could not be deleted " +
                        $"within {ReadyTimeout.TotalMinutes:0} min: {e.GoogleMessage}", e);
                logger.LogInformation("Dataproc cluster {Cluster} cannot be deleted yet ({Message}); retrying", name,
                    e.GoogleMessage);
                await Task.Delay(client.Options.PollBackoff.Delay(attempt), client.Time, cancellationToken);
            }
        }

        var operationName = OperationName(operation);
        logger.LogInformation("Deleting Dataproc cluster {Cluster} of run {RunId} (operation {Operation})", name, runId,
            operationName);
        if (operationName is null)
        {
            await GooglePoller.UntilAsync(client, $"Deletion of Dataproc cluster {name}", ct => GetAsync(name, ct),
                c => c is null,
                ReadyTimeout, null, cancellationToken);
            return true;
        }

        var done = await GooglePoller.UntilAsync(client, $"Deletion of Dataproc cluster {name}",
            ct => client.SendJsonAsync(HttpMethod.Get, new Uri(client.Options.DataprocBaseUri, $"v1/{operationName}"),
                null, ct),
            op => op.TryGetProperty("done", out var d) && d.ValueKind == JsonValueKind.True,
            ReadyTimeout, null, cancellationToken);
        if (done.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var message = error.TryGetProperty("message", out var m) ? m.GetString() : error.GetRawText();
            throw new DataprocException($"Deletion of Dataproc cluster {name} failed: {message}", name, "ERROR",
                message);
        }
        return true;
    }

    private Uri Uri(string relative) => DataprocNames.RegionUri(client.Options, relative);

    private static string? OperationName(JsonElement operation) =>
        operation.ValueKind == JsonValueKind.Object && operation.TryGetProperty("name", out var n) ? n.GetString()
            : null;

    private static string Duration(TimeSpan span) => $"{(long)span.TotalSeconds}s";
}
