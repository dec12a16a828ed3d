using EcommerceLake.Lake;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes.BigQuery;
using EcommerceLake.Testing.Fakes.Dataproc;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests.Cloud;

/// <summary>
/// The run saga drives whole runs on the cloud engines — Cloud Storage lake, Dataproc processing (the staged PySpark
/// driver, run by python3 on the fake bucket's files), BigQuery warehouse — selected by configuration alone, against
/// fake services that follow the REST contracts. The run's cluster is created when the run starts and deleted in every
/// outcome.
/// </summary>
public sealed class When_a_run_uses_the_cloud_engines(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_complete_with_raw_batches_typed_by_the_staged_driver_and_loaded_by_bigquery_jobs()
    {
        await using var cloud = await StartAsync();

        var report = await cloud.RunAsync("files");

        report.Outcome.Should().Be("Completed", report.Reason);
        report.Streams["files.sellers"].RawRows.Should().Be(3095);
        report.Streams["files.sellers"].TrustedRows.Should().Be(3095);
        report.Streams["files.category_translation"].RawRows.Should().Be(71);

        // One cluster for the run, labelled with it, asked for at the start and deleted at the end.
        var cluster = cloud.Dataproc.ClustersCreated.Should().ContainSingle().Subject;
        cluster.Labels.Should().Contain("lake-run-id", report.RunId.ToString("N"));
        (await cloud.ClusterDeletedAsync(report.RunId)).ClusterName.Should().Be(cluster.Name);
        cloud.Dataproc.DeletedClusters.Should().Equal(cluster.Name);

        // One PySpark job per stream with data, each running the driver staged in the bucket: the drop holds no
        // products file, and an empty increment skips process and load.
        report.Streams["files.products"].LandRows.Should().Be(0);
        cloud.Dataproc.Jobs.Should().HaveCount(2).And.OnlyContain(j => j.State == "DONE"
            && j.ClusterName == cluster.Name
            && j.MainPythonFileUri.StartsWith(
                $"gs://{CloudLake.Bucket}/lake/_staging/pyspark/", StringComparison.Ordinal)
            && j.MainPythonFileUri.EndsWith("/lake_driver.py", StringComparison.Ordinal));

        // The raw batch the driver wrote is a finished lake batch: manifest last, parts with checksums that read back.
        var sellersRaw = cloud.Dataproc.Jobs.Single(j => j.Labels["stream"] == "sellers").Arg("raw")!;
        var manifestObject = $"{sellersRaw[$"gs://{CloudLake.Bucket}/".Length..]}/{LakePaths.Manifest}";
        cloud.Gcs.ReadObject(CloudLake.Bucket, manifestObject).Should().NotBeNull();
        var lake = new LocalLakeStore(Path.Combine(cloud.Gcs.RootDirectory, CloudLake.Bucket, "lake"));
        var manifest = await LakeBatchReader.ReadManifestAsync(
            lake, sellersRaw[$"gs://{CloudLake.Bucket}/lake/".Length..], CancellationToken.None);
        manifest.Zone.Should().Be("raw");
        var records = await LakeBatchReader.ReadRecordsAsync(
            lake, manifest, new CsvRecordFormat(), CancellationToken.None).ToListAsync();
        records.Should().HaveCount(3095).And.OnlyContain(r => r[0] == "I");

        // BigQuery: each raw part loaded from its gs:// URI, then one transactional script per stream, then the marts.
        var loads = cloud.BigQuery.Jobs.Where(j => j.IsLoad).ToList();
        loads.SelectMany(j => j.Configuration["load"]!["sourceUris"]!.AsArray().Select(u => u!.GetValue<string>()))
            .Should().Contain(manifest.Parts.Select(p => $"gs://{CloudLake.Bucket}/lake/{p.Path}"));
        var scripts = cloud.BigQuery.Jobs
            .Where(j => j.IsQuery && j.Query!.Contains("MERGE", StringComparison.Ordinal)).ToList();
        scripts.Select(j => j.Parameters["stream"]).Should().Contain(["sellers", "category_translation"]);
        scripts.Should().OnlyContain(j => j.Query!.Contains("BEGIN TRANSACTION", StringComparison.Ordinal)
            && j.Parameters["run_id"] == report.RunId.ToString("D"));
        cloud.BigQuery.Jobs.Should()
            .Contain(j => j.IsQuery && j.Query!.Contains("review_word_counts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_fail_the_run_and_delete_the_cluster_when_its_creation_fails()
    {
        await using var cloud = await StartAsync();
        cloud.Dataproc.ClusterCreationFailure = "Insufficient 'CPUS' quota. Requested 12.0, available 8.0.";

        var report = await cloud.RunAsync("files");

        report.Outcome.Should().Be("Failed");
        report.Reason.Should().Contain("Insufficient 'CPUS' quota");
        cloud.Dataproc.Jobs.Should().BeEmpty("no job runs on a cluster that never came up");
        await cloud.ClusterDeletedAsync(report.RunId);
        cloud.Dataproc.ClustersCreated.Should().ContainSingle()
            .Which.IsDeleted.Should().BeTrue("a cluster in ERROR is deleted too");
        cloud.BigQuery.Jobs.Where(j => j.IsLoad).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_fail_the_run_and_delete_the_cluster_when_a_job_ends_in_error()
    {
        await using var cloud = await StartAsync();
        var pyspark = cloud.Dataproc.JobRunner;
        cloud.Dataproc.JobRunner = (job, ct) => job.Labels["stream"] == "category_translation"
            ? Task.FromResult(
                FakeJobOutcome.Error("Job failed with message [java.lang.OutOfMemoryError: Java heap space]"))
            : pyspark(job, ct);

        var report = await cloud.RunAsync("files");

        report.Outcome.Should().Be("Failed");
        report.Streams["files.category_translation"].Error.Should().Contain("OutOfMemoryError");
        report.Streams["files.sellers"].TrustedRows.Should().Be(3095, "the other streams still flow through");
        await cloud.ClusterDeletedAsync(report.RunId);
        cloud.Dataproc.DeletedClusters.Should().ContainSingle();
        cloud.BigQuery.Jobs.Should().NotContain(
            j => j.IsQuery && j.Query!.Contains("review_word_counts", StringComparison.Ordinal),
            "the marts are not rebuilt from a partly loaded run");
    }

    [Fact]
    public async Task Should_fail_the_run_and_delete_the_cluster_when_a_bigquery_job_fails()
    {
        await using var cloud = await StartAsync();
        var answer = cloud.BigQuery.Answer;
        cloud.BigQuery.Answer = job => job.IsQuery && job.Parameters.GetValueOrDefault("stream") == "sellers"
            ? FakeJobAnswer.Error("invalidQuery", "Query error: Bad double value: n/a; while executing the filter")
            : answer(job);

        var report = await cloud.RunAsync("files");

        report.Outcome.Should().Be("Failed");
        report.Streams["files.sellers"].Error.Should().Contain("Bad double value")
            .And.Contain($"BigQuery job lake_{report.RunId:N}_");
        await cloud.ClusterDeletedAsync(report.RunId);
        cloud.Dataproc.DeletedClusters.Should().ContainSingle();
    }

    [Fact]
    public async Task Should_reattach_to_bigquery_jobs_that_answered_409_and_complete()
    {
        await using var cloud = await StartAsync();
        cloud.BigQuery.ConflictOnFirstInsert = true;

        var report = await cloud.RunAsync("files");

        report.Outcome.Should().Be("Completed", report.Reason);
        report.Streams["files.sellers"].TrustedRows.Should().Be(3095);
        cloud.BigQuery.Jobs.Should().NotBeEmpty().And.OnlyContain(j => cloud.BigQuery.InsertsOf(j.JobId) == 1,
            "a 409 re-attaches to the job instead of running it twice");
        await cloud.ClusterDeletedAsync(report.RunId);
    }

    private async Task<CloudLake> StartAsync()
    {
        var cloud = await CloudLake.StartFakesAsync();
        await cloud.StartLakeAsync(await database.CreateDatabaseAsync("cloud"));
        return cloud;
    }
}
