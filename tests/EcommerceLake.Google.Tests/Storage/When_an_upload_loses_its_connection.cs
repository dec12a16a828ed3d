using EcommerceLake.Google.Tests.Support;
using EcommerceLake.Testing.Fakes.Gcs;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Google.Tests.Storage;

public sealed class When_an_upload_loses_its_connection : IAsyncLifetime
{
    private const string Path = "raw/marketplace_orders/ingest_date=2024-05-01/r1/part-00000.csv.gz";

    // Three full chunks of 512 KiB and a short last one.
    private static readonly byte[] Content = GcsTestBed.RandomBytes(3 * GcsTestBed.ChunkBytes + 12_345, 42);

    private readonly GcsTestBed _bed = new();

    public Task InitializeAsync() => _bed.InitializeAsync();

    public Task DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task Should_ask_the_session_where_it_stands_and_resume_from_the_persisted_offset()
    {
        // The second chunk (bytes 524 288 to 1 048 575) is cut after 300 000 bytes: Cloud Storage keeps 786 432 bytes.
        _bed.Server.DropConnectionDuringChunk(2, 300_000);

        await _bed.Store.PutAsync(Path, new MemoryStream(Content), default);

        _bed.Server.ReadObject(GcsTestBed.Bucket, GcsTestBed.ObjectName(Path)).Should().Equal(Content);
        AssertResumedAt(786_432);
    }

    [Fact]
    public async Task Should_resume_a_stream_of_unknown_length_the_same_way()
    {
        _bed.Server.DropConnectionDuringChunk(2, 300_000);

        await _bed.Store.PutAsync(Path, new NonSeekableStream(Content), default);

        _bed.Server.ReadObject(GcsTestBed.Bucket, GcsTestBed.ObjectName(Path)).Should().Equal(Content);
        AssertResumedAt(786_432);
        _bed.Server.Requests.Where(r => r.IsUploadPut).First().ContentRange
            .Should().EndWith("/*", "the total is unknown until the end of the stream");
    }

    [Fact]
    public async Task Should_store_a_stream_whose_length_is_a_whole_number_of_chunks()
    {
        var content = GcsTestBed.RandomBytes(2 * GcsTestBed.ChunkBytes, 7);

        await _bed.Store.PutAsync(Path, new NonSeekableStream(content), default);

        _bed.Server.ReadObject(GcsTestBed.Bucket, GcsTestBed.ObjectName(Path)).Should().Equal(content);
        _bed.Server.Requests.Last(r => r.IsUploadPut).ContentRange
            .Should().EndWith($"/{content.Length}", "the last request commits the total");
    }

    [Fact]
    public async Task Should_have_cloud_storage_check_the_hash_of_what_it_received()
    {
        await _bed.Store.PutAsync(Path, new NonSeekableStream(Content), default);

        var final = _bed.Server.Requests.Last(r => r.IsUploadPut);
        final.Status.Should().Be(200);
        final.GoogHash.Should()
            .Contain($"crc32c={Crc32c.ToBase64(Content)}", "the library sends the CRC32C with the final chunk");
    }

    [Fact]
    public async Task Should_start_again_once_when_the_session_is_lost()
    {
        _bed.Server.LoseSessionAtChunk(3);

        await _bed.Store.PutAsync(Path, new MemoryStream(Content), default);

        _bed.Server.ReadObject(GcsTestBed.Bucket, GcsTestBed.ObjectName(Path)).Should().Equal(Content);
        _bed.Server.Requests.Count(r => r.Method == "POST").Should().Be(2, "a lost session is replaced by a new one");
        _bed.Server.Requests.Should().Contain(r => r.IsUploadPut && r.Status == 404);
    }

    [Fact]
    public async Task Should_give_up_when_the_session_is_lost_twice()
    {
        _bed.Server.LoseSessionAtChunk(1);
        _bed.Server.OnRequest = r =>
        {
            if (r.Method == "POST" && _bed.Server.Requests.Count(q => q.Method == "POST") == 2)
                _bed.Server.LoseSessionAtChunk(1);
        };

        var act = () => _bed.Store.PutAsync(Path, new MemoryStream(Content), default);

        await act.Should().ThrowAsync<IOException>().WithMessage("*lost the upload session*twice*");
        _bed.Server.ObjectNames(GcsTestBed.Bucket).Should().BeEmpty("a failed upload leaves no object");
    }

    [Fact]
    public async Task Should_resume_after_a_chunk_answered_service_unavailable()
    {
        var failed = 0;
        _bed.Server.OnRequest = r =>
        {
            if (r.IsUploadPut && r.RangeStart == GcsTestBed.ChunkBytes && Interlocked.Exchange(ref failed, 1) == 0)
                _bed.Server.FailNextRequests(1);
        };

        await _bed.Store.PutAsync(Path, new MemoryStream(Content), default);

        _bed.Server.ReadObject(GcsTestBed.Bucket, GcsTestBed.ObjectName(Path)).Should().Equal(Content);
        var puts = _bed.Server.Requests.Where(r => r.IsUploadPut).ToList();
        var refused = puts.FindIndex(r => r.Status == 503);
        refused.Should().BeGreaterThan(0);
        puts[refused + 1].IsStatusQuery.Should().BeTrue();
        puts[refused + 2].RangeStart.Should().Be(GcsTestBed.ChunkBytes, "nothing of the refused chunk was kept");
    }

    private void AssertResumedAt(long offset)
    {
        var puts = _bed.Server.Requests.Where(r => r.IsUploadPut).ToList();
        var dropped = puts.FindIndex(r => r.Status == 0);
        dropped.Should().BeGreaterThan(0, "the fake dropped the connection during the second chunk");
        puts[dropped].RangeStart.Should().Be(GcsTestBed.ChunkBytes);
        puts[dropped + 1].IsStatusQuery.Should().BeTrue("the store asks the session how much arrived");
        puts[dropped + 1].Status.Should().Be(308);
        puts[dropped + 2].RangeStart.Should()
            .Be(offset, "the upload goes on from the first byte Cloud Storage does not hold");
        puts.Where(r => r.RangeStart is not null).Sum(r => r.BodyBytes)
            .Should().BeLessThan(
                Content.Length + GcsTestBed.ChunkBytes,
                "nothing is sent twice but the part of a chunk that was cut short");
    }
}
