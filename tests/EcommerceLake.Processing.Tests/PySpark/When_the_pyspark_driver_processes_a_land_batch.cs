using EcommerceLake.Lake;
using EcommerceLake.Streams;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Processing.Tests.PySpark;

/// <summary>The driver (local mode) and the in-process engine turn the same land batch into the same raw
/// batch.</summary>
public sealed class When_the_pyspark_driver_processes_a_land_batch : IDisposable
{
    private readonly DriverLakes _lakes = new(partRows: 100);

    public void Dispose() => _lakes.Dispose();

    public static TheoryData<string> Streams()
    {
        var data = new TheoryData<string>();
        foreach (var spec in StreamCatalog.Default.All) data.Add(spec.Key);
        return data;
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public async Task Should_write_the_raw_batch_of_the_in_process_engine(string key)
    {
        var spec = StreamCatalog.Default.All.Single(s => s.Key == key);
        var business = LandSamples.Business(spec, 300);
        var records = LandSamples.Land(spec, business);
        records.InsertRange(records.Count / 2, LandSamples.Malformed(spec, business[1]));
        var runId = Guid.NewGuid();
        var land = await _lakes.WriteLandAsync(runId, spec, records, landPartRows: 120, isFullSnapshot: true);

        var result = await _lakes.Engine.ProcessAsync(
            new ProcessingRequest(runId, spec.Source, spec.Stream, land), CancellationToken.None);
        var run = await _lakes.RunDriverAsync(spec, land, result.RawBatchUri, runId);

        run.ExitCode.Should().Be(0, run.ToString());
        result.RejectedCount.Should().BeGreaterThan(5, "the malformed rows are quarantined");
        result.RowCount.Should().BeGreaterThan(business.Count / 2);
        await _lakes.ShouldHoldTheSameRawBatchAsync(result.RawBatchUri);
        run.StandardOutput.Should().Contain($"\"rowCount\": {result.RowCount}")
            .And.Contain("\"isFullSnapshot\": false");
        run.StandardError.Should().Contain("full snapshot");
    }

    [Fact]
    public async Task Should_keep_a_clean_full_snapshot_full_and_split_it_into_the_same_parts()
    {
        var spec = StreamCatalog.Default.Get("marketplace", "order_items");
        var records = LandSamples.Land(spec, LandSamples.Business(spec, 300))
            .Select(r => { r[0] = "I"; return r; }).ToList();
        var runId = Guid.NewGuid();
        var land = await _lakes.WriteLandAsync(runId, spec, records, landPartRows: 1000, isFullSnapshot: true);

        var result = await _lakes.Engine.ProcessAsync(
            new ProcessingRequest(runId, spec.Source, spec.Stream, land), CancellationToken.None);
        var run = await _lakes.RunDriverAsync(spec, land, result.RawBatchUri, runId);

        run.ExitCode.Should().Be(0, run.ToString());
        result.IsFullSnapshot.Should().BeTrue();
        var manifest = await LakeBatchReader.ReadManifestAsync(
            _lakes.Driver, result.RawBatchUri, CancellationToken.None);
        manifest.IsFullSnapshot.Should().BeTrue();
        manifest.Parts.Select(p => p.RowCount).Should().Equal(100, 100, 100);
        (await _lakes.Driver.ExistsAsync($"{result.RawBatchUri}/{LakePaths.Quarantine}", CancellationToken.None))
            .Should().BeFalse();
        await _lakes.ShouldHoldTheSameRawBatchAsync(result.RawBatchUri);
    }

    [Fact]
    public async Task Should_write_one_empty_part_for_an_empty_land_batch()
    {
        var spec = StreamCatalog.Default.Get("economics", "ipca");
        var runId = Guid.NewGuid();
        var land = await _lakes.WriteLandAsync(runId, spec, [], landPartRows: 1000, isFullSnapshot: false);

        var result = await _lakes.Engine.ProcessAsync(
            new ProcessingRequest(runId, spec.Source, spec.Stream, land), CancellationToken.None);
        var run = await _lakes.RunDriverAsync(spec, land, result.RawBatchUri, runId);

        run.ExitCode.Should().Be(0, run.ToString());
        (await LakeBatchReader.ReadManifestAsync(_lakes.Driver, result.RawBatchUri, CancellationToken.None)).Parts
            .Should().ContainSingle().Which.RowCount.Should().Be(0);
        await _lakes.ShouldHoldTheSameRawBatchAsync(result.RawBatchUri);
    }
}
