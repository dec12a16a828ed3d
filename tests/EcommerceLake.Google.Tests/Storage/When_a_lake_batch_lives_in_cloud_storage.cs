using System.Globalization;
using EcommerceLake.Google.Tests.Support;
using EcommerceLake.Lake;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Google.Tests.Storage;

public sealed class When_a_lake_batch_lives_in_cloud_storage : IAsyncLifetime
{
    private static readonly string[] Columns = ["_op", "_change_version", "order_id", "status", "amount"];
    private static readonly Guid RunId = Guid.Parse("6f1d4a9e-0a8c-4c7e-9d55-2f1f0b6b7c11");
    private static readonly string Batch = LakePaths.RawBatch("marketplace_orders", new DateOnly(2024, 5, 1), RunId);

    private readonly GcsTestBed _bed = new();

    public Task InitializeAsync() => _bed.InitializeAsync();

    public Task DisposeAsync() => _bed.DisposeAsync();

    private static string?[][] Records(int count) => Enumerable.Range(1, count)
        .Select(i => new string?[]
        {
            "I", i.ToString(CultureInfo.InvariantCulture), $"order-{i:D6}", i % 7 == 0 ? null : "delivered",
            $"{i * 1.25m:0.00}",
        })
        .ToArray();

    [Fact]
    public async Task Should_read_back_every_record_of_every_part_with_checked_checksums()
    {
        var records = Records(3_500);
        var writer = await LakeBatchWriter.OpenAsync(_bed.Store, Batch, new CsvRecordFormat(), Columns, 1_000, default);
        foreach (var record in records) await writer.WriteAsync(record, default);
        writer.Quarantine(new QuarantinedRecord("orders.csv:line 12", "amount is not a number", "x,y,z"));
        var written = await writer.CompleteAsync("raw", "marketplace", "orders", RunId, null, null, true, default);

        var manifest = await LakeBatchReader.ReadManifestAsync(_bed.Store, Batch, default);
        var read = new List<string?[]>();
        await foreach (var record in LakeBatchReader.ReadRecordsAsync(
            _bed.Store, manifest, new CsvRecordFormat(), default)) read.Add(record);

        manifest.Should().BeEquivalentTo(written);
        manifest.Parts.Should().HaveCount(4);
        manifest.QuarantinedCount.Should().Be(1);
        read.Should().BeEquivalentTo(records, o => o.WithStrictOrdering());
        var attempt = manifest.Parts[0].Path[..manifest.Parts[0].Path.LastIndexOf('/')];
        attempt.Should().StartWith($"{Batch}/_attempts/");
        manifest.Quarantine.Should().Be($"{attempt}/_quarantine.ndjson");
        _bed.Server.ObjectNames(GcsTestBed.Bucket).Should().Equal(
            $"lake/{attempt}/_quarantine.ndjson",
            $"lake/{attempt}/part-00000.csv.gz", $"lake/{attempt}/part-00001.csv.gz",
            $"lake/{attempt}/part-00002.csv.gz",
            $"lake/{attempt}/part-00003.csv.gz", $"lake/{Batch}/_manifest.json");
    }

    [Fact]
    public async Task Should_detect_a_part_changed_behind_the_manifest()
    {
        var writer = await LakeBatchWriter.OpenAsync(_bed.Store, Batch, new CsvRecordFormat(), Columns, 1_000, default);
        foreach (var record in Records(10)) await writer.WriteAsync(record, default);
        var manifest = await writer.CompleteAsync("raw", "marketplace", "orders", RunId, null, null, true, default);
        _bed.Server.PutObject(GcsTestBed.Bucket, $"lake/{manifest.Parts[0].Path}", [0x1f, 0x8b, 0, 0]);

        var act = () => LakeBatchReader.ReadPartAsync(_bed.Store, manifest.Parts[0], default);

        await act.Should().ThrowAsync<InvalidDataException>().WithMessage("*SHA-256*");
    }

    [Fact]
    public async Task Should_stay_invisible_until_its_manifest_is_written()
    {
        var writer = await LakeBatchWriter.OpenAsync(_bed.Store, Batch, new CsvRecordFormat(), Columns, 1_000, default);
        foreach (var record in Records(2_500)) await writer.WriteAsync(record, default);
        // The writer fails here: CompleteAsync never runs.

        var manifest = await LakeBatchReader.TryReadManifestAsync(_bed.Store, Batch, default);
        var act = () => LakeBatchReader.ReadManifestAsync(_bed.Store, Batch, default);

        manifest.Should().BeNull();
        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*unfinished*");
        _bed.Server.ObjectNames(GcsTestBed.Bucket)
            .Should().HaveCount(2, "two full parts were uploaded before the failure")
            .And.NotContain(n => n.EndsWith(LakePaths.Manifest, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_discard_the_leftovers_of_an_unfinished_attempt_when_written_again()
    {
        _bed.Server.ListPageSize = 2;
        var failed = await LakeBatchWriter.OpenAsync(_bed.Store, Batch, new CsvRecordFormat(), Columns, 1_000, default);
        foreach (var record in Records(5_000)) await failed.WriteAsync(record, default);

        var retry = await LakeBatchWriter.OpenAsync(_bed.Store, Batch, new CsvRecordFormat(), Columns, 1_000, default);
        foreach (var record in Records(1_500)) await retry.WriteAsync(record, default);
        await retry.CompleteAsync("raw", "marketplace", "orders", RunId, null, null, true, default);

        var manifest = await LakeBatchReader.ReadManifestAsync(_bed.Store, Batch, default);
        manifest.RowCount.Should().Be(1_500);
        _bed.Server.ObjectNames(GcsTestBed.Bucket)
            .Should().HaveCount(3, "two parts of the retry and its manifest; the five old parts are gone");
    }

    [Fact]
    public async Task Should_not_write_a_batch_twice()
    {
        var writer = await LakeBatchWriter.OpenAsync(_bed.Store, Batch, new CsvRecordFormat(), Columns, 1_000, default);
        await writer.CompleteAsync("raw", "marketplace", "orders", RunId, null, null, true, default);

        var act = () => LakeBatchWriter.OpenAsync(_bed.Store, Batch, new CsvRecordFormat(), Columns, 1_000, default);

        await act.Should().ThrowAsync<LakeObjectExistsException>();
        (await LakeBatchReader.ReadManifestAsync(_bed.Store, Batch, default)).RowCount.Should().Be(0);
    }
}
