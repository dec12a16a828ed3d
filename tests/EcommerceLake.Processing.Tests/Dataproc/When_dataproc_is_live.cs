using System.Net.Http.Headers;
using System.Text;
using EcommerceLake.Google;
using EcommerceLake.Processing.Dataproc;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Processing.Tests.Dataproc;

/// <summary>
/// One round trip against the real Dataproc: the run's cluster is created (labels, lifecycle TTLs, request id) and
/// reaches RUNNING, a PySpark job staged in the bucket runs to DONE on it, and the cluster is deleted (always, in a
/// finally). Takes a few minutes and costs a small cluster for that long.
/// </summary>
public sealed class When_dataproc_is_live
{
    [LiveDataprocFact]
    public async Task Should_create_a_cluster_run_a_pyspark_job_and_delete_the_cluster()
    {
        var client = LiveGoogleCloud.Client(o => o.Region = LiveDataprocFactAttribute.Region!);
        var options = Options.Create(new DataprocOptions
        {
            ClusterNamePrefix = "lake-test-",
            MasterMachineType = "e2-standard-2",
            WorkerMachineType = "e2-standard-2",
            IdleDeleteTtlMinutes = 10,
            MaxClusterAgeMinutes = 60,
            JobTimeoutMinutes = 15,
        });
        var clusters = new DataprocClusters(client, options, NullLogger<DataprocClusters>.Instance);
        var jobs = new DataprocJobs(client, options, NullLogger<DataprocJobs>.Instance);
        var runId = Guid.NewGuid();
        var script = $"lake-test/{runId:N}/hello.py";
        await UploadAsync(client, LiveDataprocFactAttribute.Bucket!, script,
            "from pyspark.sql import SparkSession\nprint(SparkSession.builder.getOrCreate().range(10).count())\n");
        try
        {
            var cluster = await clusters.EnsureRunningAsync(runId, CancellationToken.None);
            cluster.Labels.Should().Contain("lake-run-id", runId.ToString("N"));

            var submission = new DataprocJobSubmission(runId, "live", "hello", cluster.Name,
                $"gs://{LiveDataprocFactAttribute.Bucket}/{script}", [], []);
            await jobs.SubmitAsync(submission, CancellationToken.None);
            var job = await jobs.WaitAsync(submission.JobId, CancellationToken.None);
            job.State.Should().Be("DONE");
        }
        finally
        {
            (await clusters.DeleteAsync(runId, CancellationToken.None)).Should().BeTrue();
        }
        (await clusters.GetAsync(clusters.NameOf(runId), CancellationToken.None)).Should().BeNull();
    }

    private static async Task UploadAsync(GoogleApiClient client, string bucket, string name, string text)
    {
        var uri = new Uri(client.Options.StorageEndpoint,
            $"upload/storage/v1/b/{bucket}/o?uploadType=media&name={Uri.EscapeDataString(name)}");
        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(text))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("text/x-python") }
            },
        }, CancellationToken.None);
        if (!response.IsSuccessStatusCode) throw await GoogleApiClient.ErrorAsync(response, CancellationToken.None);
    }
}
