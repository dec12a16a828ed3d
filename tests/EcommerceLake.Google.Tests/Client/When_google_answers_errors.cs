using System.Net;
using EcommerceLake.Google.Tests.Support;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes;
using EcommerceLake.Testing.Fakes.Gcs;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Google.Tests.Client;

/// <summary>The shared REST plumbing (<see cref="GoogleApiClient"/>) against the fake Cloud Storage.</summary>
public sealed class When_google_answers_errors : IAsyncLifetime
{
    private FakeGcsServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeGcsServer.StartAsync(rootDirectory: null, "bucket");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Uri ListUri => new(_server.BaseUri, "storage/v1/b/bucket/o?prefix=lake%2F");

    [Fact]
    public async Task Should_read_the_error_body_into_the_exception()
    {
        var client = TestGoogleCloud.Client(_server.BaseUri);
        var uri = new Uri(_server.BaseUri, "storage/v1/b/bucket/o/lake%2Fmissing.json?fields=name");

        var act = () => client.SendJsonAsync(HttpMethod.Get, uri, null, default);

        var error = (await act.Should().ThrowAsync<GoogleApiException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
        error.IsNotFound.Should().BeTrue();
        error.Status.Should().Be("NOT_FOUND");
        error.Reason.Should().Be("notFound");
        error.GoogleMessage.Should().Be("No such object: bucket/lake/missing.json");
        error.Method.Should().Be("GET");
        error.Resource.Should()
            .Be(new Uri(_server.BaseUri, "storage/v1/b/bucket/o/lake%2Fmissing.json").GetLeftPart(UriPartial.Path))
            .And.NotContain("fields", "the query string is left out of messages");
        error.Message.Should().Contain("404").And.Contain("No such object");
        _server.Requests.Should().HaveCount(1, "404 is not retried");
    }

    [Fact]
    public async Task Should_retry_service_unavailable_until_it_succeeds()
    {
        var time = new WaitSkippingTimeProvider();
        // Jittered back-off from a 5 ms base can come out under 1 ms, which Task.Delay rounds to no wait at all (it
        // counts whole milliseconds), so the waits are counted from a base where that cannot happen in practice.
        var client = TestGoogleCloud.Client(
            _server.BaseUri, o => (o.RetryDelayMilliseconds, o.MaxRetryDelayMilliseconds) = (500, 2_000), time);
        _server.PutObject("bucket", "lake/a.json", [1]);
        _server.FailNextRequests(2, 503);

        var answer = await client.SendJsonAsync(HttpMethod.Get, ListUri, null, default);

        answer.GetProperty("items").GetArrayLength().Should().Be(1);
        _server.Requests.Select(r => r.Status).Should().Equal(503, 503, 200);
        time.Waits.Should().HaveCount(2).And.OnlyContain(
            d => d > TimeSpan.Zero && d <= TimeSpan.FromMilliseconds(2_000),
            "back-off waits stay under GoogleCloud:MaxRetryDelayMilliseconds");
    }

    [Fact]
    public async Task Should_wait_as_long_as_retry_after_says()
    {
        var time = new WaitSkippingTimeProvider();
        var client = TestGoogleCloud.Client(_server.BaseUri, o => o.MaxRetryDelayMilliseconds = 10_000, time);
        _server.FailNextRequests(1, 429, retryAfter: TimeSpan.FromSeconds(2));

        await client.SendJsonAsync(HttpMethod.Get, ListUri, null, default);

        time.Waits.Should().Equal(TimeSpan.FromSeconds(2));
        _server.Requests.Select(r => r.Status).Should().Equal(429, 200);
    }

    [Fact]
    public async Task Should_cap_a_long_retry_after_at_the_maximum_delay()
    {
        var time = new WaitSkippingTimeProvider();
        var client = TestGoogleCloud.Client(_server.BaseUri, o => o.MaxRetryDelayMilliseconds = 1_500, time);
        _server.FailNextRequests(1, 503, retryAfter: TimeSpan.FromSeconds(120));

        await client.SendJsonAsync(HttpMethod.Get, ListUri, null, default);

        time.Waits.Should().Equal(TimeSpan.FromMilliseconds(1_500));
    }

    [Fact]
    public async Task Should_wait_for_retry_after_on_the_clock_of_the_pipeline()
    {
        var time = new WaitSkippingTimeProvider();
        var client = TestGoogleCloud.Client(_server.BaseUri, o => o.MaxRetryDelayMilliseconds = 60_000, time);
        _server.FailNextRequests(1, 503, retryAfter: TimeSpan.FromSeconds(9));

        await client.SendJsonAsync(HttpMethod.Get, ListUri, null, default);

        time.Waits.Should().Equal(TimeSpan.FromSeconds(9));
        time.GetUtcNow().Should().BeOnOrAfter(
            new DateTimeOffset(2024, 5, 1, 12, 0, 9, TimeSpan.Zero), "the wait ran on the fake clock");
    }

    [Fact]
    public async Task Should_not_retry_a_bad_request()
    {
        var client = TestGoogleCloud.Client(_server.BaseUri);
        _server.FailNextRequests(3, 400);

        var act = () => client.SendJsonAsync(HttpMethod.Get, ListUri, null, default);

        var error = (await act.Should().ThrowAsync<GoogleApiException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        error.Reason.Should().Be("invalid");
        _server.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task Should_give_up_after_the_configured_attempts()
    {
        var client = TestGoogleCloud.Client(_server.BaseUri, o => o.MaxAttempts = 3);
        _server.FailNextRequests(10, 503);

        var act = () => client.SendJsonAsync(HttpMethod.Get, ListUri, null, default);

        var error = (await act.Should().ThrowAsync<GoogleApiException>()).Which;
        error.Status.Should().Be("UNAVAILABLE");
        error.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        error.Message.Should().Contain("503", "the last attempt's status is the error");
        _server.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task Should_not_retry_when_the_caller_says_the_request_is_not_idempotent()
    {
        var client = TestGoogleCloud.Client(_server.BaseUri);
        _server.FailNextRequests(1, 503);

        using var response = await client.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, ListUri), default, retry: false);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        _server.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task Should_retry_a_dropped_connection()
    {
        var client = TestGoogleCloud.Client(_server.BaseUri);
        var content = GcsTestBed.RandomBytes(GcsTestBed.ChunkBytes, 5);
        var start = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Post,
            new Uri(_server.BaseUri, "upload/storage/v1/b/bucket/o?uploadType=resumable&name=x.bin")), default);
        var session = start.Headers.Location!;
        _server.DropConnectionDuringChunk(1, 1_000);

        using var response = await client.SendAsync(() =>
        {
            var body = new ByteArrayContent(content);
            body.Headers.ContentRange =
                new System.Net.Http.Headers.ContentRangeHeaderValue(0, content.Length - 1, content.Length);
            return new HttpRequestMessage(HttpMethod.Put, session) { Content = body };
        }, default);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.Requests.Where(r => r.IsUploadPut).Select(r => r.Status).Should().Equal(0, 200);
        _server.ReadObject("bucket", "x.bin").Should().Equal(content);
    }
}
