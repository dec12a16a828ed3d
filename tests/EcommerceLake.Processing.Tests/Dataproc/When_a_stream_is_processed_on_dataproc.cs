using EcommerceLake.Lake;
using EcommerceLake.Processing.InProcess;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Processing.Tests.Dataproc;

public sealed class When_a_stream_is_processed_on_dataproc : IAsyncLifetime
{
    private DataprocTestBed _bed = null!;
    private readonly Guid _runId = Guid.NewGuid();

    public async Task InitializeAsync() => _bed = await DataprocTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Should_write_the_same_raw_batch_as_the_in_process_engine()
    {
        var land = await _bed.WriteCustomersAsync(_runId);
        using var other = new TempDirectory("dataproc-compare");
        CopyDirectory(Path.Combine(_bed.LakeRoot, "land"), Path.Combine(other.Path, "land"));
        var otherLake = new LocalLakeStore(other.Path);
        var inProcess = new InProcessProcessingEngine(otherLake, StreamCatalog.Default,
            Options.Create(new LakeOptions { Root = other.Path, PartRows = 1000 }),
            NullLogger<InProcessProcessingEngine>.Instance);

        var result = await _bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);
        var expected = await inProcess.ProcessAsync(
            new ProcessingRequest(_runId, "marketplace", "customers", land), CancellationToken.None);

        result.Should().Be(expected);
        result.RowCount.Should().Be(2);
        result.RejectedCount.Should().Be(1);
        (await LandBatches.ReadRawAsync(_bed.Lake, result.RawBatchUri)).Should().BeEquivalentTo(
            await LandBatches.ReadRawAsync(otherLake, expected.RawBatchUri), o => o.WithStrictOrdering());
        (await LandBatches.ReadQuarantineAsync(_bed.Lake, result.RawBatchUri)).Should().BeEquivalentTo(
            await LandBatches.ReadQuarantineAsync(otherLake, expected.RawBatchUri));
        var manifest = await LakeBatchReader.ReadManifestAsync(_bed.Lake, result.RawBatchUri, CancellationToken.None);
        var expectedManifest = await LakeBatchReader.ReadManifestAsync(
            otherLake, expected.RawBatchUri, CancellationToken.None);
        // Each writer stages its parts under its own _attempts/{attempt}/ folder: the part names and contents agree.
        manifest.Should().BeEquivalentTo(expectedManifest,
            o => o.Excluding(m => m.CreatedAt).Excluding(m => m.Quarantine).Excluding(m => m.Parts));
        manifest.Parts.Select(p => (Path.GetFileName(p.Path), p.RowCount, p.Sha256))
            .Should().Equal(expectedManifest.Parts.Select(p => (Path.GetFileName(p.Path), p.RowCount, p.Sha256)));
    }

    [Fact]
    public async Task Should_submit_one_pyspark_job_with_the_staged_driver_and_spec()
    {
        var land = await _bed.WriteCustomersAsync(_runId);

        var result = await _bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        var job = _bed.Fake.Jobs.Should().ContainSingle().Subject;
        job.JobId.Should().Be($"lake-marketplace-customers-{_runId:N}");
        job.RequestId.Should().MatchRegex("^[a-zA-Z0-9_-]{1,40}$");
        job.ClusterName.Should().Be($"lake-{_runId:N}");
        job.State.Should().Be("DONE");
        job.MaxFailuresPerHour.Should().Be(1);
        job.Labels.Should().Contain(new Dictionary<string, string>
        {
            ["lake-run-id"] = _runId.ToString("N"), ["managed-by"] = "ecommercelake", ["source"] = "marketplace",
            ["stream"] = "customers",
        });
        job.MainPythonFileUri.Should().MatchRegex(@"/_staging/pyspark/[0-9a-f]{64}/lake_driver\.py$");
        job.PythonFileUris.Should().ContainSingle()
            .Which.Should().MatchRegex(@"/_staging/pyspark/[0-9a-f]{64}/lake_typing\.py$");
        job.Arg("spec").Should().MatchRegex(@"/_staging/pyspark/[0-9a-f]{64}/marketplace\.customers\.json$");
        job.Arg("land").Should().Be(_bed.Lake.Describe(land));
        job.Arg("raw").Should().Be(_bed.Lake.Describe(result.RawBatchUri));
        job.Arg("run-id").Should().Be(_runId.ToString());
        job.Arg("part-rows").Should().Be("1000");

        var staged = job.Arg("spec")![_bed.Lake.Describe("x")[..^1].Length..];
        await using var spec = await _bed.Lake.OpenReadAsync(staged, CancellationToken.None);
        StreamCatalog.Parse(await new StreamReader(spec).ReadToEndAsync(), staged).Should()
            .BeEquivalentTo(DataprocTestBed.Customers);
    }

    [Fact]
    public async Task Should_stage_each_driver_file_once_under_its_content_hash()
    {
        var orders = StreamCatalog.Default.Get("marketplace", "orders");
        var landCustomers = await _bed.WriteCustomersAsync(_runId);
        var landOrders = await LandBatches.WriteAsync(_bed.Lake, _runId, orders, []);

        await _bed.ProcessAsync(_runId, DataprocTestBed.Customers, landCustomers);
        await _bed.ProcessAsync(_runId, orders, landOrders);

        _bed.Fake.Jobs.Should().HaveCount(2);
        _bed.Fake.Jobs.Select(j => j.MainPythonFileUri).Distinct().Should().ContainSingle();
        Directory.GetFiles(Path.Combine(_bed.LakeRoot, "_staging", "pyspark"), "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName).Should().BeEquivalentTo(
                "lake_driver.py", "lake_typing.py", "marketplace.customers.json", "marketplace.orders.json");
    }

    [Fact]
    public async Task Should_work_with_a_job_runner_that_only_sees_file_uris()
    {
        await using var bed = await DataprocTestBed.StartAsync(runnerKnowsTheLake: false);
        var land = await bed.WriteCustomersAsync(_runId);

        var result = await bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        result.RowCount.Should().Be(2);
        (await LandBatches.ReadRawAsync(bed.Lake, result.RawBatchUri))[0].Should()
            .Equal("I", "1", "c1", "u1", "01310", "sao paulo", "SP");
    }

    [Fact]
    public async Task Should_refuse_a_land_batch_of_another_stream_before_any_cluster_or_job()
    {
        var land = await _bed.WriteCustomersAsync(_runId);

        var act = () => _bed.ProcessAsync(_runId, StreamCatalog.Default.Get("marketplace", "orders"), land);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*holds marketplace.customers*");
        _bed.Fake.Requests.Should().BeEmpty();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
