using EcommerceLake.Lake;
using EcommerceLake.Processing.InProcess;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Processing.Tests;

public sealed class When_a_land_batch_is_processed : IDisposable
{
    private static readonly StreamSpec Customers = StreamCatalog.Default.Get("marketplace", "customers");
    private static readonly StreamSpec OrderItems = StreamCatalog.Default.Get("marketplace", "order_items");

    private readonly TempDirectory _directory = new("processing-test");
    private readonly LocalLakeStore _lake;
    private readonly InProcessProcessingEngine _engine;
    private readonly Guid _runId = Guid.NewGuid();

    public When_a_land_batch_is_processed()
    {
        _lake = new LocalLakeStore(_directory.Path);
        _engine = new InProcessProcessingEngine(_lake, StreamCatalog.Default,
            Options.Create(new LakeOptions { Root = _directory.Path, PartRows = 1000 }),
            NullLogger<InProcessProcessingEngine>.Instance);
    }

    public void Dispose() => _directory.Dispose();

    private Task<ProcessingResult> ProcessAsync(StreamSpec spec, string landBatch) =>
        _engine.ProcessAsync(
            new ProcessingRequest(_runId, spec.Source, spec.Stream, landBatch), CancellationToken.None);

    [Fact]
    public async Task Should_write_the_raw_batch_under_the_table_and_the_land_ingest_date()
    {
        var land = await LandBatches.WriteAsync(_lake, _runId, Customers,
            [["I", "1", "c1", "u1", "01310", "sao paulo", "SP"]]);
        var manifest = await LakeBatchReader.ReadManifestAsync(_lake, land, CancellationToken.None);

        var result = await ProcessAsync(Customers, land);

        result.RawBatchUri.Should().Be(LakePaths.RawBatch("marketplace_customers",
            DateOnly.FromDateTime(manifest.CreatedAt.UtcDateTime), _runId));
        var raw = await LakeBatchReader.ReadManifestAsync(_lake, result.RawBatchUri, CancellationToken.None);
        raw.Zone.Should().Be("raw");
        raw.Columns.Should().Equal("_op", "_change_version", "customer_id", "customer_unique_id",
            "customer_zip_code_prefix", "customer_city", "customer_state");
        raw.Parts.Should().OnlyContain(p => p.Path.EndsWith(".csv.gz"));
        raw.OffsetTo.Should().Be(manifest.OffsetTo);
    }

    [Fact]
    public async Task Should_keep_zip_prefixes_with_leading_zeros_as_strings()
    {
        var land = await LandBatches.WriteAsync(_lake, _runId, Customers,
            [["I", "7", " c1 ", "u1", "01310", "sao paulo", "SP"], ["U", "8", "c2", "u2", "00012", "", " RJ "]]);

        var result = await ProcessAsync(Customers, land);

        var rows = await LandBatches.ReadRawAsync(_lake, result.RawBatchUri);
        rows.Should().HaveCount(2);
        rows[0].Should().Equal("I", "7", "c1", "u1", "01310", "sao paulo", "SP");
        rows[1].Should().Equal("U", "8", "c2", "u2", "00012", null, "RJ");
        result.RowCount.Should().Be(2);
        result.RejectedCount.Should().Be(0);
    }

    [Fact]
    public async Task Should_normalize_timestamps_and_decimals()
    {
        var land = await LandBatches.WriteAsync(_lake, _runId, OrderItems,
        [
            ["I", "1", "o1", "1", "p1", "s1", "2017-09-19T09:45:35Z", "58.90", "13.29"],
            ["I", "1", "o1", "2", "p1", "s1", "2017-09-19 09:45", " 10.50 ", ""],
        ]);

        var result = await ProcessAsync(OrderItems, land);

        var rows = await LandBatches.ReadRawAsync(_lake, result.RawBatchUri);
        rows[0][6].Should().Be("2017-09-19 09:45:35");
        rows[0][7].Should().Be("58.90");
        rows[1][6].Should().Be("2017-09-19 09:45:00");
        rows[1][7].Should().Be("10.50");
        rows[1][8].Should().BeNull("an empty measure stays missing in raw; trusted turns it into 0");
    }

    [Fact]
    public async Task Should_quarantine_a_bad_decimal_with_its_position_and_go_on()
    {
        var land = await LandBatches.WriteAsync(_lake, _runId, OrderItems,
        [
            ["I", "1", "o1", "1", "p1", "s1", "2017-09-19 09:45:35", "58.90", "13.29"],
            ["I", "1", "o1", "2", "p1", "s1", "2017-09-19 09:45:35", "10.00", "1.00"],
            ["I", "1", "o2", "1", "p1", "s1", "2017-09-19 09:45:35", "12,5x", "1.00"],
            ["I", "1", "o3", "1", "p1", "s1", "2017-09-19 09:45:35", "7.5", "1.00"],
        ], partRows: 2);

        var result = await ProcessAsync(OrderItems, land);

        result.RowCount.Should().Be(3);
        result.RejectedCount.Should().Be(1);
        var rows = await LandBatches.ReadRawAsync(_lake, result.RawBatchUri);
        rows.Select(r => r[2]).Should().Equal("o1", "o1", "o3");
        var quarantine = await LandBatches.ReadQuarantineAsync(_lake, result.RawBatchUri);
        quarantine.Should().ContainSingle();
        quarantine[0].Position.Should().Be("part-00001 row 1");
        quarantine[0].Reason.Should().Contain("price").And.Contain("12,5x");
        quarantine[0].Content.Should().Contain("\"order_id\":\"o2\"");
    }

    [Fact]
    public async Task Should_reject_a_record_without_its_key_or_with_a_bad_operation()
    {
        var land = await LandBatches.WriteAsync(_lake, _runId, Customers,
        [
            ["I", "1", "", "u1", "01310", "sao paulo", "SP"],
            ["X", "1", "c2", "u2", "01310", "sao paulo", "SP"],
            ["I", "abc", "c3", "u3", "01310", "sao paulo", "SP"],
        ]);

        var result = await ProcessAsync(Customers, land);

        result.RowCount.Should().Be(0);
        var quarantine = await LandBatches.ReadQuarantineAsync(_lake, result.RawBatchUri);
        quarantine.Select(q => q.Position).Should().Equal("part-00000 row 1", "part-00000 row 2", "part-00000 row 3");
        quarantine[0].Reason.Should().Contain("customer_id");
        quarantine[1].Reason.Should().Contain("_op");
        quarantine[2].Reason.Should().Contain("_change_version");
    }

    [Fact]
    public async Task Should_accept_a_delete_that_carries_only_its_key()
    {
        var land = await LandBatches.WriteAsync(_lake, _runId, OrderItems,
            [["D", "9", "o1", "1", null, null, "not a date", "junk", null]]);

        var result = await ProcessAsync(OrderItems, land);

        result.RejectedCount.Should().Be(0);
        var rows = await LandBatches.ReadRawAsync(_lake, result.RawBatchUri);
        rows.Should().ContainSingle().Which.Should().Equal("D", "9", "o1", "1", null, null, null, null, null);
    }

    [Fact]
    public async Task Should_reject_a_delete_without_its_key()
    {
        var land = await LandBatches.WriteAsync(_lake, _runId, OrderItems,
            [["D", "9", "o1", "one", null, null, null, null, null]]);

        var result = await ProcessAsync(OrderItems, land);

        result.RejectedCount.Should().Be(1);
        (await LandBatches.ReadQuarantineAsync(_lake, result.RawBatchUri)).Single().Reason.Should()
            .Contain("order_item_id");
    }

    [Fact]
    public async Task Should_return_the_finished_batch_when_the_command_is_redelivered()
    {
        var land = await LandBatches.WriteAsync(_lake, _runId, Customers,
            [["I", "1", "c1", "u1", "01310", "sao paulo", "SP"]]);
        var first = await ProcessAsync(Customers, land);
        var manifest = await LakeBatchReader.ReadManifestAsync(_lake, first.RawBatchUri, CancellationToken.None);

        var second = await ProcessAsync(Customers, land);

        second.AlreadyFinished.Should().BeTrue();
        second.RawBatchUri.Should().Be(first.RawBatchUri);
        second.RowCount.Should().Be(1);
        (await LakeBatchReader.ReadManifestAsync(_lake, second.RawBatchUri, CancellationToken.None)).CreatedAt.Should()
            .Be(manifest.CreatedAt);
    }

    [Fact]
    public async Task Should_keep_a_clean_full_snapshot_full_and_mark_one_with_rejects_incremental()
    {
        var clean = await LandBatches.WriteAsync(_lake, _runId, Customers,
            [["I", "1", "c1", "u1", "01310", "sao paulo", "SP"]], isFullSnapshot: true);
        var otherRun = Guid.NewGuid();
        var dirty = await LandBatches.WriteAsync(_lake, otherRun, Customers,
            [["I", "1", "c1", "u1", "01310", "sao paulo", "SP"], ["I", "x", "c2", "u1", "01310", "sao paulo", "SP"]],
            isFullSnapshot: true);

        var cleanResult = await ProcessAsync(Customers, clean);
        var dirtyResult = await _engine.ProcessAsync(
            new ProcessingRequest(otherRun, "marketplace", "customers", dirty), CancellationToken.None);

        cleanResult.IsFullSnapshot.Should().BeTrue();
        dirtyResult.IsFullSnapshot.Should()
            .BeFalse("a key missing because its record was rejected must not be deleted downstream");
    }

    [Fact]
    public async Task Should_fail_when_the_land_batch_lacks_a_spec_column()
    {
        var columns = LandBatches.Columns(Customers).Where(c => c != "customer_state").ToList();
        var land = await LandBatches.WriteAsync(_lake, _runId, Customers,
            [["I", "1", "c1", "u1", "01310", "sao paulo"]], columns: columns);

        var act = () => ProcessAsync(Customers, land);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("*customer_state*");
    }

    [Fact]
    public async Task Should_fail_when_the_land_batch_is_not_finished()
    {
        var act = () => ProcessAsync(Customers, LakePaths.LandBatch("marketplace", "customers", Guid.NewGuid()));

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*_manifest.json*");
    }
}

public sealed class When_a_land_record_with_a_source_position_fails_typing : IDisposable
{
    private readonly TempDirectory _root = new("lake-position");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Should_name_its_file_and_line_in_the_reject()
    {
        var lake = new LocalLakeStore(_root.Path);
        var spec = StreamCatalog.Default.Get("files", "sellers");
        var runId = Guid.NewGuid();
        IReadOnlyList<string> columns = [.. LandBatches.Columns(spec), LandPosition.Column];
        var land = await LandBatches.WriteAsync(lake, runId, spec,
        [
            ["I", "100000000000000002", "s1", "01001", "one", "SP", "partner.csv:line 2"],
            ["I", "100000000000000003", "", "01002", "two", "SP", "partner.csv:line 3"],
            ["I", "100000000000000004", "s3", "01003", "three", "SP", null],
            ["I", "x", "s4", "01004", "four", "SP", null],
        ], columns: columns);
        var engine = new InProcessProcessingEngine(lake, StreamCatalog.Default,
            Options.Create(new LakeOptions { Root = _root.Path }), NullLogger<InProcessProcessingEngine>.Instance);

        var result = await engine.ProcessAsync(
            new ProcessingRequest(runId, "files", "sellers", land), CancellationToken.None);

        var quarantine = await LandBatches.ReadQuarantineAsync(lake, result.RawBatchUri);
        quarantine.Select(q => q.Position).Should().Equal("partner.csv:line 3 (part-00000 row 2)", "part-00000 row 4");
        quarantine[0].Reason.Should().Contain("seller_id");
        (await LandBatches.ReadRawAsync(lake, result.RawBatchUri)).Should().HaveCount(2);
    }
}
