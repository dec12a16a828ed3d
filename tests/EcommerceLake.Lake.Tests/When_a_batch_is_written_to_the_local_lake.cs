using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Lake.Tests;

/// <summary>The lake batch writer and reader over the local store (a real temporary directory).</summary>
public sealed class When_a_batch_is_written_to_the_local_lake : IDisposable
{
    private static readonly string[] Columns = ["id", "name"];
    private readonly TempDirectory _root = new("lake-batch");
    private readonly LocalLakeStore _store;

    public When_a_batch_is_written_to_the_local_lake() => _store = new LocalLakeStore(_root.Path);

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("csv")]
    [InlineData("ndjson")]
    public async Task Should_read_back_every_record_across_parts(string format)
    {
        IRecordFormat recordFormat = format == "csv" ? new CsvRecordFormat() : new NdjsonRecordFormat();
        var records = Enumerable.Range(1, 5).Select(i => new[] { $"{i}", i == 3 ? null : $"name, \"{i}\"\n" }).ToList();
        var writer = await LakeBatchWriter.OpenAsync(
            _store, "raw/s/t/run-1", recordFormat, Columns, 2, CancellationToken.None);
        foreach (var record in records) await writer.WriteAsync(record, CancellationToken.None);

        var manifest = await writer.CompleteAsync(
            "raw", "s", "t", Guid.Empty, null, "{}", false, CancellationToken.None);

        manifest.RowCount.Should().Be(5);
        manifest.Parts.Should().HaveCount(3, "two records a part");
        var read = await LakeBatchReader.ReadRecordsAsync(_store, manifest, recordFormat, CancellationToken.None)
            .ToListAsync();
        read.Should().BeEquivalentTo(records, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Should_refuse_to_open_a_finished_batch()
    {
        var writer = await LakeBatchWriter.OpenAsync(
            _store, "raw/s/t/run-2", new CsvRecordFormat(), Columns, 10, CancellationToken.None);
        await writer.CompleteAsync("raw", "s", "t", Guid.Empty, null, null, false, CancellationToken.None);

        var act = () => LakeBatchWriter.OpenAsync(
            _store, "raw/s/t/run-2", new CsvRecordFormat(), Columns, 10, CancellationToken.None);

        await act.Should().ThrowAsync<LakeObjectExistsException>();
    }
}
