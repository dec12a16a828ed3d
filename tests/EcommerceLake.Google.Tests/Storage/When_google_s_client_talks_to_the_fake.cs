using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EcommerceLake.Google.Tests.Support;
using EcommerceLake.Testing.Fakes.Gcs;
using FluentAssertions;
using Google.Cloud.Storage.V1;
using Xunit;
using StorageApiException = Google.GoogleApiException;

namespace EcommerceLake.Google.Tests.Storage;

/// <summary>
/// The fake Cloud Storage against Google's own client and raw JSON API calls: what the documented API does, the fake
/// does (https://cloud.google.com/storage/docs/json_api/v1/objects).
/// </summary>
public sealed class When_google_s_client_talks_to_the_fake : IAsyncLifetime
{
    private readonly GcsTestBed _bed = new();

    public Task InitializeAsync() => _bed.InitializeAsync();

    public Task DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public void Should_compute_the_crc32c_check_value_of_the_standard()
    {
        // CRC-32C("123456789") = 0xE3069283 (RFC 3720 B.4 check value), base64 of the big-endian bytes.
        Crc32c.Compute("123456789"u8).Should().Be(0xE3069283);
        Crc32c.ToBase64("123456789"u8).Should().Be("4waSgw==");
    }

    [Fact]
    public async Task Should_carry_crc32c_and_md5_in_object_metadata()
    {
        _bed.Server.PutObject(GcsTestBed.Bucket, "a/b.txt", "123456789"u8.ToArray());

        var item = await _bed.Client.GetObjectAsync(GcsTestBed.Bucket, "a/b.txt");

        item.Crc32c.Should().Be("4waSgw==");
        item.Md5Hash.Should().Be("JfnnlDI7RTiF9RgfG2JNCw==");
        item.Size.Should().Be(9UL);
    }

    [Fact]
    public async Task Should_serve_a_range_with_206()
    {
        _bed.Server.PutObject(GcsTestBed.Bucket, "a/b.txt", "0123456789"u8.ToArray());
        var buffer = new MemoryStream();

        await _bed.Client.DownloadObjectAsync(GcsTestBed.Bucket, "a/b.txt", buffer,
            // X-Goog-Hash covers the whole object, not the range, so a ranged read cannot be checked against it.
            new DownloadObjectOptions
            {
                Range = new RangeHeaderValue(2, 5), DownloadValidationMode = DownloadValidationMode.Never,
            });

        Encoding.ASCII.GetString(buffer.ToArray()).Should().Be("2345");
        _bed.Server.Requests.Last().Status.Should().Be(206);
        _bed.Server.Requests.Last().Range.Should().Be("bytes=2-5");
    }

    [Fact]
    public async Task Should_roll_names_up_into_prefixes_with_a_delimiter_across_pages()
    {
        foreach (var name in new[] { "lake/land/a/1", "lake/land/a/2", "lake/land/b/1", "lake/land/c", "lake/raw/x" })
            _bed.Server.PutObject(GcsTestBed.Bucket, name, [1]);
        _bed.Server.ListPageSize = 1;

        var pages = _bed.Client
            .ListObjectsAsync(GcsTestBed.Bucket, "lake/land/", new ListObjectsOptions { Delimiter = "/" })
            .AsRawResponses();
        var prefixes = new List<string>();
        var items = new List<string>();
        await foreach (var page in pages)
        {
            prefixes.AddRange(page.Prefixes ?? []);
            items.AddRange(page.Items?.Select(i => i.Name) ?? []);
        }

        prefixes.Should().Equal("lake/land/a/", "lake/land/b/");
        items.Should().Equal("lake/land/c");
    }

    [Fact]
    public async Task Should_answer_404_for_a_missing_bucket()
    {
        var get = () => _bed.Client.GetBucketAsync("no-such-bucket");
        var list = () => _bed.Client.ListObjectsAsync("no-such-bucket").ReadPageAsync(10);

        (await get.Should().ThrowAsync<StorageApiException>()).Which.HttpStatusCode
            .Should().Be(HttpStatusCode.NotFound);
        (await list.Should().ThrowAsync<StorageApiException>()).Which.Error.Message
            .Should().Be("The specified bucket does not exist.");
        (await _bed.Client.GetBucketAsync(GcsTestBed.Bucket)).Name.Should().Be(GcsTestBed.Bucket);
    }

    [Theory]
    [InlineData("4waSgw==", 200)]
    [InlineData("AAAAAA==", 400)]
    public async Task Should_accept_a_multipart_upload_only_when_its_declared_crc32c_matches(string crc32c, int status)
    {
        using var http = new HttpClient();
        var metadata = JsonSerializer.Serialize(new { name = "m/one.txt", crc32c });
        var body = new MultipartContent("related")
        {
            new StringContent(metadata, Encoding.UTF8, "application/json"),
            new ByteArrayContent("123456789"u8.ToArray()),
        };

        using var response = await http.PostAsync(
            new Uri(
                _bed.Server.BaseUri,
                $"upload/storage/v1/b/{GcsTestBed.Bucket}/o?uploadType=multipart&ifGenerationMatch=0"),
            body);

        ((int)response.StatusCode).Should().Be(status, await response.Content.ReadAsStringAsync());
        _bed.Server.ReadObject(GcsTestBed.Bucket, "m/one.txt")
            .Should().BeEquivalentTo(status == 200 ? "123456789"u8.ToArray() : null);
    }

    [Fact]
    public async Task Should_answer_a_status_query_of_unknown_total_with_the_persisted_range()
    {
        using var http = new HttpClient();
        using var start = await http.PostAsync(
            new Uri(_bed.Server.BaseUri, $"upload/storage/v1/b/{GcsTestBed.Bucket}/o?uploadType=resumable&name=r.bin"),
            new StringContent("{}", Encoding.UTF8, "application/json"));
        var session = start.Headers.Location!;
        var chunk = new ByteArrayContent(GcsTestBed.RandomBytes(GcsTestBed.ChunkBytes, 9));
        chunk.Headers.ContentRange = new ContentRangeHeaderValue(0, GcsTestBed.ChunkBytes - 1);
        using var first = await http.PutAsync(session, chunk);
        var query = new ByteArrayContent([]);
        query.Headers.TryAddWithoutValidation("Content-Range", "bytes */*");

        using var status = await http.PutAsync(session, query);

        ((int)first.StatusCode).Should().Be(308);
        ((int)status.StatusCode).Should().Be(308);
        status.Headers.GetValues("Range").Should().Equal($"bytes=0-{GcsTestBed.ChunkBytes - 1}");
        _bed.Server.ReadObject(GcsTestBed.Bucket, "r.bin").Should().BeNull("the upload is not finished");
    }
}
