using System.IO.Compression;
using System.Text;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using EcommerceLake.Testing.Fakes.Dataproc;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Processing.Tests.PySpark;

/// <summary>The driver fails cleanly, with a message and a non-zero exit code, and leaves finished batches
/// alone.</summary>
public sealed class When_the_pyspark_driver_cannot_process : IDisposable
{
    private static readonly StreamSpec Orders = StreamCatalog.Default.Get("marketplace", "orders");
    private readonly DriverLakes _lakes = new(partRows: 100);
    private readonly Guid _runId = Guid.NewGuid();

    public void Dispose() => _lakes.Dispose();

    private async Task<(string Land, string Raw)> LandAsync(int rows = 150, IReadOnlyList<string>? columns = null)
    {
        var records = LandSamples.Land(Orders, LandSamples.Business(Orders, rows));
        if (columns is not null) records = records.Select(r => r.Take(columns.Count).ToArray()).ToList();
        var land = await _lakes.WriteLandAsync(_runId, Orders, records, landPartRows: 60, isFullSnapshot: false,
            columns);
        return (land, await _lakes.RawBatchOfAsync(Orders, land, _runId));
    }

    [Fact]
    public async Task Should_refuse_a_raw_batch_that_is_already_finished_without_touching_it()
    {
        var (land, raw) = await LandAsync();
        (await _lakes.RunDriverAsync(Orders, land, raw, _runId)).ExitCode.Should().Be(0);
        var before = _lakes.Snapshot(raw);

        var second = await _lakes.RunDriverAsync(Orders, land, raw, _runId);

        second.ExitCode.Should().Be(3, second.ToString());
        second.StandardError.Should().Contain("already finished");
        var after = _lakes.Snapshot(raw);
        after.Keys.Should().BeEquivalentTo(before.Keys);
        foreach (var (path, bytes) in before) after[path].Should().Equal(bytes, path);
    }

    [Fact]
    public async Task Should_refuse_a_land_part_whose_sha256_does_not_match_and_write_no_manifest()
    {
        var (land, raw) = await LandAsync();
        var manifest = await LakeBatchReader.ReadManifestAsync(_lakes.Driver, land, CancellationToken.None);
        var part = Path.Combine(_lakes.DriverRoot, manifest.Parts[1].Path);
        var text = Encoding.UTF8.GetString(Gunzip(await File.ReadAllBytesAsync(part))).Replace("\"I\"", "\"D\"");
        File.Delete(part);
        await File.WriteAllBytesAsync(part, Gzip(Encoding.UTF8.GetBytes(text)));

        var run = await _lakes.RunDriverAsync(Orders, land, raw, _runId);

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("SHA-256").And.Contain("part-00001");
        (await _lakes.Driver.ExistsAsync(LakePaths.ManifestOf(raw), CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task Should_fail_when_the_land_batch_has_no_manifest()
    {
        var (land, raw) = await LandAsync();
        File.Delete(Path.Combine(_lakes.DriverRoot, LakePaths.ManifestOf(land)));

        var run = await _lakes.RunDriverAsync(Orders, land, raw, _runId);

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("has no _manifest.json");
        Directory.Exists(Path.Combine(_lakes.DriverRoot, raw)).Should().BeFalse();
    }

    [Fact]
    public async Task Should_fail_when_the_land_batch_lacks_a_spec_column()
    {
        var columns = LandBatches.Columns(Orders).Take(LandBatches.Columns(Orders).Count - 1).ToList();
        var (land, raw) = await LandAsync(columns: columns);

        var run = await _lakes.RunDriverAsync(Orders, land, raw, _runId);

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("lacks the column(s) order_estimated_delivery_date of its spec");
        Directory.Exists(Path.Combine(_lakes.DriverRoot, raw)).Should().BeFalse();
    }

    [Fact]
    public async Task Should_remove_the_leftovers_of_an_unfinished_attempt_first()
    {
        var (land, raw) = await LandAsync();
        var leftover = Path.Combine(_lakes.DriverRoot, raw, "part-00007.csv.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(leftover)!);
        await File.WriteAllTextAsync(leftover, "half written");

        var run = await _lakes.RunDriverAsync(Orders, land, raw, _runId);

        run.ExitCode.Should().Be(0, run.ToString());
        File.Exists(leftover).Should().BeFalse();
        (await LakeBatchReader.ReadManifestAsync(_lakes.Driver, raw, CancellationToken.None)).Parts.Should()
            .HaveCount(2);
    }

    [Fact]
    public async Task Should_refuse_gs_uris_without_spark_or_a_local_root()
    {
        var (land, raw) = await LandAsync();

        var run = await PySparkDriverRunner.RunAsync(
            PySparkDriverRunner.SpecFile(Orders.Source, Orders.Stream), DriverLakes.Uri(land), DriverLakes.Uri(raw),
            _runId);

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("LAKE_DRIVER_GCS_ROOT");
    }

    [Fact]
    public async Task Should_reject_bad_arguments_with_a_usage_exit_code()
    {
        var run = await PySparkDriverRunner.RunPythonAsync(PySparkDriverRunner.DriverScript,
            ["--spec", "x", "--land", "y", "--raw", "z", "--run-id", "not-a-guid"], null, CancellationToken.None);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("--run-id");
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }
}
