using EcommerceLake.Google.Tests.Support;
using EcommerceLake.Lake;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Google.Tests.Storage;

/// <summary>The guarantees of <see cref="EcommerceLake.Google.Storage.GcsLakeStore"/> that rest on Cloud Storage's
/// checks.</summary>
public sealed class When_cloud_storage_guards_the_lake : IAsyncLifetime
{
    private const string Path = "raw/marketplace_orders/ingest_date=2024-05-01/r1/part-00000.csv.gz";

    private readonly GcsTestBed _bed = new();

    public Task InitializeAsync() => _bed.InitializeAsync();

    public Task DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task Should_never_overwrite_an_object_another_writer_already_finished()
    {
        var finished = GcsTestBed.RandomBytes(GcsTestBed.ChunkBytes + 10, 1);
        _bed.Server.PutObject(GcsTestBed.Bucket, GcsTestBed.ObjectName(Path), finished);

        var act = () => _bed.Store.PutAsync(
            Path, new NonSeekableStream(GcsTestBed.RandomBytes(3 * GcsTestBed.ChunkBytes, 2)), default);

        (await act.Should().ThrowAsync<LakeObjectExistsException>()).Which.Path.Should().Be(Path);
        _bed.Server.ReadObject(GcsTestBed.Bucket, GcsTestBed.ObjectName(Path)).Should().Equal(finished);
        _bed.Server.Requests.Should().ContainSingle(r => r.Method == "POST")
            .Which.Query.Should().Contain("ifGenerationMatch", "0");
        _bed.Server.Requests.Should().NotContain(r => r.IsUploadPut, "Cloud Storage refused the session at once (412)");
    }

    [Fact]
    public async Task Should_detect_a_download_whose_bytes_do_not_match_the_object_hash()
    {
        await _bed.Store.PutAsync(Path, new MemoryStream(GcsTestBed.RandomBytes(100_000, 3)), default);
        _bed.Server.CorruptNextDownloads();

        var act = () => _bed.Store.OpenReadAsync(Path, default);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage($"*{Path}*hash*");
        await using var again = await _bed.Store.OpenReadAsync(Path, default);
        var buffer = new MemoryStream();
        await again.CopyToAsync(buffer);
        buffer.Length.Should().Be(100_000, "the next download is served intact and passes the check");
    }

    [Fact]
    public async Task Should_name_the_bucket_key_when_the_bucket_does_not_exist()
    {
        var store = _bed.StoreOn("no-such-bucket");

        var put = () => store.PutAsync(Path, new MemoryStream([1, 2, 3]), default);
        var read = () => store.OpenReadAsync(Path, default);
        var exists = () => store.ExistsAsync(Path, default);
        var delete = () => store.DeletePrefixAsync("raw", default);

        (await put.Should().ThrowAsync<DirectoryNotFoundException>())
            .WithMessage("*'no-such-bucket' (Lake:Bucket) does not exist*");
        (await read.Should().ThrowAsync<DirectoryNotFoundException>()).WithMessage("*no-such-bucket*Lake:Bucket*");
        (await exists.Should().ThrowAsync<DirectoryNotFoundException>()).WithMessage("*no-such-bucket*Lake:Bucket*");
        (await delete.Should().ThrowAsync<DirectoryNotFoundException>()).WithMessage("*no-such-bucket*Lake:Bucket*");
        _bed.Server.ObjectNames("no-such-bucket").Should().BeEmpty();
    }

    [Fact]
    public async Task Should_still_report_a_missing_object_as_not_found_in_an_existing_bucket()
    {
        var store = _bed.StoreOn(GcsTestBed.Bucket);

        var act = () => store.OpenReadAsync("land/none/_manifest.json", default);

        await act.Should().ThrowAsync<FileNotFoundException>();
        (await store.ExistsAsync("land/none/_manifest.json", default)).Should().BeFalse();
    }
}
