using EcommerceLake.Google;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Processing.Dataproc;

/// <summary>
/// PySpark jobs over the REST API (https://cloud.google.com/dataproc/docs/reference/rest/v1/projects.regions.jobs):
/// submit with a job id and request id derived from run and stream (a repeated submit re-attaches to the first job),
/// poll with back-off until a final state, cancel on time-out.
/// </summary>
public sealed class DataprocJobs(GoogleApiClient client, IOptions<DataprocOptions> options,
    ILogger<DataprocJobs> logger)
{
    private DataprocOptions Options => options.Value;

    /// <summary>
    /// Submits the job (<c>POST v1/projects/{project}/regions/{region}/jobs:submit</c>) with <c>requestId</c>,
    /// <c>reference.jobId</c>, <c>placement.clusterName</c>, labels (<c>lake-run-id</c>, <c>managed-by</c>,
    /// <c>source</c>, <c>stream</c>), <c>scheduling.maxFailuresPerHour</c> and the <c>pysparkJob</c>. A 409 (the job id
    /// exists: an earlier delivery submitted it) re-attaches to that job.
    /// </summary>
    /// <returns>The job as Dataproc knows it.</returns>
    /// <exception cref="GoogleApiException">Dataproc refused the job (unknown cluster, permission, invalid
    /// arguments).</exception>
    public async Task<DataprocJob> SubmitAsync(DataprocJobSubmission submission, CancellationToken cancellationToken)
    {
        var jobId = submission.JobId;
        var body = new
        {
            requestId = DataprocNames.SubmitJobRequestId(submission.RunId, submission.Source, submission.Stream),
            job = new
            {
                reference = new { projectId = client.Options.ProjectId, jobId },
                placement = new { clusterName = submission.ClusterName },
                labels = new Dictionary<string, string>
                {
                    [DataprocNames.RunLabel] = submission.RunId.ToString("N"),
                    [DataprocNames.ManagedByLabel] = DataprocNames.ManagedByValue,
                    ["source"] = DataprocNames.LabelValue(submission.Source),
                    ["stream"] = DataprocNames.LabelValue(submission.Stream),
                },
                scheduling = new { maxFailuresPerHour = Options.MaxJobFailuresPerHour },
                pysparkJob = new
                {
                    mainPythonFileUri = submission.MainPythonFileUri,
                    pythonFileUris = submission.PythonFileUris,
                    args = submission.Args,
                },
            },
        };
        try
        {
            var job = DataprocJob.Parse(await client.SendJsonAsync(HttpMethod.Post, Uri("jobs:submit"), body,
                cancellationToken));
            logger.LogInformation("Submitted Dataproc job {JobId} to cluster {Cluster}", jobId, submission.ClusterName);
            return job;
        }
        catch (GoogleApiException e) when (e.IsConflict)
        {
            var job = await GetAsync(jobId, cancellationToken);
            logger.LogInformation("Dataproc job {JobId} was already submitted; re-attached to it ({State})", jobId,
                job.State);
            return job;
        }
    }

    /// <summary>Reads a job: <c>GET v1/projects/{project}/regions/{region}/jobs/{jobId}</c>.</summary>
    /// <exception cref="GoogleApiException">The job does not exist (404) or the call failed.</exception>
    public async Task<DataprocJob> GetAsync(string jobId, CancellationToken cancellationToken) =>
        DataprocJob.Parse(await client.SendJsonAsync(HttpMethod.Get, Uri($"jobs/{jobId}"), null, cancellationToken));

    /// <summary>
    /// Requests the cancellation of a job: <c>POST v1/projects/{project}/regions/{region}/jobs/{jobId}:cancel</c>.
    /// A job that already finished (400 FAILED_PRECONDITION) or is unknown (404) is left as it is.
    /// </summary>
    public async Task CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendJsonAsync(HttpMethod.Post, Uri($"jobs/{jobId}:cancel"), new { }, cancellationToken);
            logger.LogWarning("Requested the cancellation of Dataproc job {JobId}", jobId);
        }
        catch (GoogleApiException e) when (e.IsNotFound || e.IsFailedPrecondition)
        {
            logger.LogInformation("Dataproc job {JobId} was not cancelled: {Message}", jobId, e.GoogleMessage);
        }
    }

    /// <summary>
    /// Polls the job with back-off until DONE. PENDING, SETUP_DONE, RUNNING, STATE_UNSPECIFIED, CANCEL_PENDING and
    /// CANCEL_STARTED keep polling; ATTEMPT_FAILURE is logged with <c>status.details</c> and keeps polling while the
    /// job is restartable (<c>MaxJobFailuresPerHour</c> above 0: Dataproc restarts the driver), and fails otherwise.
    /// After <c>JobTimeoutMinutes</c> the job is cancelled.
    /// </summary>
    /// <returns>The job in state DONE.</returns>
    /// <exception cref="DataprocException">The job ended in ERROR (with <c>status.details</c> and
    /// <c>driverOutputResourceUri</c>), CANCELLED, or ATTEMPT_FAILURE when not restartable.</exception>
    /// <exception cref="TimeoutException">The job did not finish within <c>JobTimeoutMinutes</c>; it was
    /// cancelled.</exception>
    public async Task<DataprocJob> WaitAsync(string jobId, CancellationToken cancellationToken)
    {
        var restartable = Options.MaxJobFailuresPerHour > 0;
        var timeout = TimeSpan.FromMinutes(Options.JobTimeoutMinutes);
        DataprocJob? last = null;
        DataprocJob job;
        try
        {
            job = await GooglePoller.UntilAsync(client, $"Dataproc job {jobId}", ct => GetAsync(jobId, ct),
                j => j.State is "DONE" or "ERROR" or "CANCELLED" || (j.State == "ATTEMPT_FAILURE" && !restartable),
                timeout,
                j =>
                {
                    if (last is not null && last.State == j.State && last.StateStartTime == j.StateStartTime) return;
                    last = j;
                    if (j.State == "ATTEMPT_FAILURE")
                        logger.LogWarning("Dataproc job {JobId}: an attempt failed ({Details}); {Next}", jobId,
                            j.Details,
                            restartable ? "Dataproc restarts it" : "the job is not restartable");
                    else
                        logger.LogInformation("Dataproc job {JobId} is {State}", jobId, j.State);
                },
                cancellationToken);
        }
        catch (TimeoutException e)
        {
            logger.LogError("Dataproc job {JobId} did not finish within {Minutes} min; cancelling it", jobId,
                timeout.TotalMinutes);
            await CancelAsync(jobId, cancellationToken);
            throw new TimeoutException(
                $"Dataproc job {jobId} did not finish within {timeout.TotalMinutes:0} min and was cancelled.", e);
        }

        return job.State switch
        {
            "DONE" => job,
            "ERROR" => throw new DataprocException(
                $"Dataproc job {jobId} failed: {job.Details ?? "no details given"}" +
                (job.DriverOutputResourceUri is { } output ? $" (driver output: {output})" : ""), jobId, job.State,
                job.Details),
            "CANCELLED" => throw new DataprocException($"Dataproc job {jobId} was " +
                $"cancelled: {job.Details ?? "no details given"}", jobId, job.State, job.Details),
            _ => throw new DataprocException(
                $"Dataproc job {jobId} failed an attempt and is not restartable " +
                $"(Processing:Dataproc:MaxJobFailuresPerHour is 0): {job.Details ?? "no details given"}" +
                (job.DriverOutputResourceUri is { } driver ? $" (driver output: {driver})" : ""), jobId, job.State,
                job.Details),
        };
    }

    private Uri Uri(string relative) => DataprocNames.RegionUri(client.Options, relative);
}
