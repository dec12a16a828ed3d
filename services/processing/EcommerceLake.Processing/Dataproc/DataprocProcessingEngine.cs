using System.Globalization;
using EcommerceLake.Hosting;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Processing.Dataproc;

/// <summary>
/// The processing engine on Dataproc: one PySpark job per stream on the run's ephemeral cluster. The job runs the
/// shipped driver (<c>Dataproc/Driver/lake_driver.py</c>) with the stream's spec, so it types exactly as the in-process
/// engine does, and writes the raw batch (parts, quarantine, manifest last) at the same lake path:
/// <c>raw/{table}/ingest_date=YYYY-MM-DD/{run}</c>, the date being the UTC date of the land manifest's
/// <c>CreatedAt</c>. Idempotent: a finished raw batch is returned without a job, the cluster request and the job
/// submission carry ids derived from the run (and stream), so a redelivered command re-attaches to the job already
/// submitted.
/// </summary>
public sealed class DataprocProcessingEngine(
    ILakeStore lake,
    StreamCatalog catalog,
    DataprocClusters clusters,
    DataprocJobs jobs,
    DataprocStaging staging,
    IOptions<LakeOptions> lakeOptions,
    ILogger<DataprocProcessingEngine> logger) : IProcessingEngine
{
    /// <inheritdoc />
    /// <exception cref="DataprocException">The cluster is in ERROR, or the job failed (ERROR, CANCELLED, a
    /// non-restartable ATTEMPT_FAILURE); the message carries Dataproc's detail.</exception>
    /// <exception cref="TimeoutException">The cluster was not ready, or the job did not finish, in time (the job is
    /// then cancelled).</exception>
    /// <exception cref="EcommerceLake.Google.GoogleApiException">Dataproc refused a request.</exception>
    public async Task<ProcessingResult> ProcessAsync(ProcessingRequest request, CancellationToken cancellationToken)
    {
        var plan = await RawBatchPlan.PrepareAsync(lake, catalog, request, cancellationToken);
        var (spec, rawBatch) = (plan.Spec, plan.RawBatch);
        if (plan.Finished is { } finished)
        {
            logger.LogInformation("Raw batch {Batch} is already finished", rawBatch);
            return plan.Result(finished, alreadyFinished: true);
        }

        DataprocCluster cluster;
        using (var step = ProcessingTelemetry.ActivitySource.StartStep("wait for cluster", request.RunId,
            request.Source, request.Stream))
        {
            cluster = await clusters.EnsureRunningAsync(request.RunId, cancellationToken);
            step?.SetTag("lake.cluster", cluster.Name);
        }

        DataprocJobSubmission submission;
        using (ProcessingTelemetry.ActivitySource.StartStep("stage driver", request.RunId, request.Source,
            request.Stream))
        {
            var (main, modules) = await staging.StageDriverAsync(cancellationToken);
            var specUri = await staging.StageSpecAsync(spec, cancellationToken);
            submission = new DataprocJobSubmission(request.RunId, request.Source, request.Stream, cluster.Name, main,
                modules,
            [
                "--spec", specUri,
                "--land", lake.Describe(request.LandBatchUri),
                "--raw", lake.Describe(rawBatch),
                "--run-id", request.RunId.ToString("D"),
                "--part-rows", lakeOptions.Value.PartRows.ToString(CultureInfo.InvariantCulture),
            ]);
        }

        using (var step = ProcessingTelemetry.ActivitySource.StartStep("run dataproc job", request.RunId,
            request.Source, request.Stream))
        {
            step?.SetTag("lake.dataproc.job", submission.JobId);
            try
            {
                var job = await jobs.SubmitAsync(submission, cancellationToken);
                if (job.State != "DONE") await jobs.WaitAsync(submission.JobId, cancellationToken);
            }
            catch (DataprocException)
            {
                // The driver refuses (exit 3) to touch a raw batch that is already finished: another attempt finished
                // it first.
                if (await LakeBatchReader.TryReadManifestAsync(lake, rawBatch,
                    cancellationToken) is not { } done) throw;
                logger.LogInformation("Dataproc job {JobId} failed but raw batch {Batch} is finished; using it",
                    submission.JobId, rawBatch);
                return plan.Result(done, alreadyFinished: true);
            }
        }

        using (var step = ProcessingTelemetry.ActivitySource.StartStep("read raw manifest", request.RunId,
            request.Source, request.Stream))
        {
            var manifest = await LakeBatchReader.TryReadManifestAsync(lake, rawBatch, cancellationToken)
                ?? throw new InvalidOperationException(
                    $"Dataproc job {submission.JobId} finished (DONE) but the raw batch {lake.Describe(rawBatch)} " +
                    $"has no {LakePaths.Manifest}.");
            step?.SetTag(LakeTelemetry.RowsTag, manifest.RowCount);
            plan.Record(manifest, lake, logger);
            return plan.Result(manifest, alreadyFinished: false);
        }
    }
}
