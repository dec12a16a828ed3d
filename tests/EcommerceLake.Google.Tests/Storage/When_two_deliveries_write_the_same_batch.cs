using System.Globalization;
using EcommerceLake.Google.Tests.Support;
using EcommerceLake.Lake;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Google.Tests.Storage;

/// <summary>
/// Two deliveries of one command write the same batch at the same time, on the local store and on Cloud Storage (the
/// fake server): both get the same finished manifest, exactly one manifest exists, and no attempt throws.
/// </summary>
public sealed class When_two_deliveries_write_the_same_batch : IAsyncLifetime
{
    private static readonly string[] Columns = ["_op", "_change_version", "order_id"];
    private static readonly Guid RunId = Guid.Parse("0b7c3f1e-52a4-4d2b-9a51-0d6a2f7e3c11");
    private static readonly string Batch = LakePaths.LandBatch("marketplace", "orders", RunId);

    private readonly GcsTestBed _bed = new();
    private readonly TempDirectory _local = new("lake-concurrent");

    public Task InitializeAsync() => _bed.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _local.Dispose();
    }

    public static TheoryData<string> Stores => new() { "local", "gcs" };

    private ILakeStore Store(string kind) => kind == "gcs" ? _bed.Store : new LocalLakeStore(_local.Path);

    // Both attempts open before either commits (as two consumers that both saw no manifest), then commit together.
    private static async Task<(BatchCommit First, BatchCommit Second)> RaceAsync(ILakeStore store)
    {
        var first = await LakeBatchWriter.OpenAsync(store, Batch, new NdjsonRecordFormat(), Columns, 2, default);
        var second = await LakeBatchWriter.OpenAsync(store, Batch, new NdjsonRecordFormat(), Columns, 2, default);
        var records = Enumerable.Range(1, 5)
            .Select(i => new string?[] { "I", i.ToString(CultureInfo.InvariantCulture), $"o{i}" }).ToList();
        async Task<BatchCommit> WriteAsync(LakeBatchWriter writer)
        {
            await Task.Yield();
            foreach (var record in records) await writer.WriteAsync(record, default);
            writer.Quarantine(new QuarantinedRecord("orders page 1 item 6", "no key", "{}"));
            return await writer.CommitAsync("land", "marketplace", "orders", RunId, null, "{\"v\":5}", false, default);
        }
        var both = await Task.WhenAll(Task.Run(() => WriteAsync(first)), Task.Run(() => WriteAsync(second)));
        return (both[0], both[1]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Should_end_with_one_manifest_that_both_report(string kind)
    {
        var store = Store(kind);

        var (first, second) = await RaceAsync(store);

        first.Manifest.Should().BeEquivalentTo(second.Manifest);
        new[] { first.Outcome, second.Outcome }.Should().BeEquivalentTo(
            [BatchCommitOutcome.Committed, BatchCommitOutcome.CommittedByConcurrentAttempt]);
        var stored = await LakeBatchReader.ReadManifestAsync(store, Batch, default);
        stored.Should().BeEquivalentTo(first.Manifest);
        var read = new List<string?[]>();
        await foreach (var record in LakeBatchReader.ReadRecordsAsync(
            store, stored, new NdjsonRecordFormat(), default)) read.Add(record);
        read.Select(r => r[2]).Should().Equal("o1", "o2", "o3", "o4", "o5");
        (await LakeBatchReader.ReadQuarantineAsync(store, Batch, stored, default)).Should().ContainSingle();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Should_leave_only_the_winners_files(string kind)
    {
        var store = Store(kind);

        var (first, _) = await RaceAsync(store);

        var listed = await ((IListableLakeStore)store).ListPathsAsync(Batch + "/", default);
        listed.Should().BeEquivalentTo(
            [LakePaths.ManifestOf(Batch), first.Manifest.Quarantine!, .. first.Manifest.Parts.Select(p => p.Path)]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Should_give_a_later_delivery_the_finished_manifest_without_writing(string kind)
    {
        var store = Store(kind);
        var (first, _) = await RaceAsync(store);
        var written = false;

        var late = await LakeBatchWriter.WriteOnceAsync(store, Batch, new NdjsonRecordFormat(), Columns, 2, (_, _) =>
        {
            written = true;
            throw new InvalidOperationException("the batch is finished; nothing should be written");
        }, default);

        written.Should().BeFalse();
        late.Outcome.Should().Be(BatchCommitOutcome.AlreadyFinished);
        late.Manifest.Should().BeEquivalentTo(first.Manifest);
    }
}
