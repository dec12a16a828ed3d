using System.Text;
using EcommerceLake.Google.Tests.Support;
using EcommerceLake.Lake;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Google.Tests.Storage;

public sealed class When_objects_are_stored_in_cloud_storage : IAsyncLifetime
{
    private readonly GcsTestBed _bed = new();

    public Task InitializeAsync() => _bed.InitializeAsync();

    public Task DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task Should_read_back_what_was_put_as_a_file_under_bucket_and_prefix()
    {
        var content = Encoding.UTF8.GetBytes("{\"hello\":\"lake\"}");

        await _bed.Store.PutAsync("land/marketplace/orders/r1/_manifest.json", new MemoryStream(content), default);

        await using var read = await _bed.Store.OpenReadAsync("land/marketplace/orders/r1/_manifest.json", default);
        var buffer = new MemoryStream();
        await read.CopyToAsync(buffer);
        buffer.ToArray().Should().Equal(content);
        File.ReadAllBytes(_bed.Server.PathOf(GcsTestBed.Bucket, "lake/land/marketplace/orders/r1/_manifest.json"))
            .Should().Equal(content);
        (await _bed.Store.ExistsAsync("land/marketplace/orders/r1/_manifest.json", default)).Should().BeTrue();
    }

    [Fact]
    public async Task Should_keep_names_with_reserved_characters_intact()
    {
        const string path = "raw/marketplace_orders/ingest_date=2024-05-01/run 1+2/part-00000.csv.gz";

        await _bed.Store.PutAsync(path, new MemoryStream([1, 2, 3]), default);

        _bed.Server.ObjectNames(GcsTestBed.Bucket).Should().Equal(GcsTestBed.ObjectName(path));
        (await _bed.Store.ExistsAsync(path, default)).Should().BeTrue();
    }

    [Fact]
    public async Task Should_store_an_empty_object()
    {
        await _bed.Store.PutAsync("land/x/y/empty.ndjson", new MemoryStream(), default);

        _bed.Server.ReadObject(GcsTestBed.Bucket, "lake/land/x/y/empty.ndjson").Should().BeEmpty();
    }

    [Fact]
    public async Task Should_see_objects_another_process_wrote_into_the_bucket_directory()
    {
        _bed.Server.PutObject(GcsTestBed.Bucket, "lake/raw/t/part-00000.csv.gz", [9, 8, 7]);

        (await _bed.Store.ExistsAsync("raw/t/part-00000.csv.gz", default)).Should().BeTrue();
        await using var read = await _bed.Store.OpenReadAsync("raw/t/part-00000.csv.gz", default);
        var buffer = new MemoryStream();
        await read.CopyToAsync(buffer);
        buffer.ToArray().Should().Equal(9, 8, 7);
    }

    [Fact]
    public async Task Should_refuse_to_overwrite_a_finished_object_and_keep_its_content()
    {
        const string path = "land/marketplace/orders/r1/part-00000.ndjson.gz";
        await _bed.Store.PutAsync(path, new MemoryStream([1, 1, 1]), default);

        var act = () => _bed.Store.PutAsync(path, new MemoryStream([2, 2, 2, 2]), default);

        (await act.Should().ThrowAsync<LakeObjectExistsException>()).Which.Path.Should().Be(path);
        _bed.Server.ReadObject(GcsTestBed.Bucket, GcsTestBed.ObjectName(path)).Should().Equal(1, 1, 1);
        _bed.Server.Requests.Should()
            .Contain(r => r.Status == 412, "Cloud Storage refused the upload because of ifGenerationMatch=0");
    }

    [Fact]
    public async Task Should_refuse_to_commit_when_another_writer_finished_the_object_during_the_upload()
    {
        const string path = "land/marketplace/orders/r1/part-00001.ndjson.gz";
        var content = GcsTestBed.RandomBytes(3 * GcsTestBed.ChunkBytes, 3);
        var won = 0;
        _bed.Server.OnRequest = r =>
        {
            if (r.IsUploadPut && Interlocked.Exchange(ref won, 1) == 0)
                _bed.Server.PutObject(GcsTestBed.Bucket, GcsTestBed.ObjectName(path), [5]);
        };

        var act = () => _bed.Store.PutAsync(path, new MemoryStream(content), default);

        await act.Should().ThrowAsync<LakeObjectExistsException>();
        _bed.Server.ReadObject(GcsTestBed.Bucket, GcsTestBed.ObjectName(path)).Should().Equal(5);
        _bed.Server.Requests.Where(r => r.IsUploadPut)
            .Should().HaveCount(
                3, "the session started before the other writer finished; the last chunk was refused")
            .And.Subject.Last().Status.Should().Be(412);
    }

    [Fact]
    public async Task Should_throw_file_not_found_naming_the_path_of_a_missing_object()
    {
        var act = () => _bed.Store.OpenReadAsync("land/nothing/here.json", default);

        (await act.Should().ThrowAsync<FileNotFoundException>()).WithMessage("*land/nothing/here.json*");
        (await _bed.Store.ExistsAsync("land/nothing/here.json", default)).Should().BeFalse();
    }

    [Fact]
    public void Should_describe_an_object_as_a_gs_uri()
    {
        _bed.Store.Describe("land/a/b/_manifest.json")
            .Should().Be("gs://lake-test-bucket/lake/land/a/b/_manifest.json");
    }

    [Theory]
    [InlineData("../escape.json")]
    [InlineData("/absolute.json")]
    [InlineData("land/../../x")]
    [InlineData(" ")]
    public async Task Should_reject_paths_that_are_not_relative_lake_paths(string path)
    {
        var act = () => _bed.Store.PutAsync(path, new MemoryStream([1]), default);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*must be relative*");
        _bed.Server.Requests.Should().BeEmpty();
    }
}
