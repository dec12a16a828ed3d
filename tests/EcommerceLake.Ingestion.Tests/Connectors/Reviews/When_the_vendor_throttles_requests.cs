using System.Globalization;
using EcommerceLake.Ingestion.Connectors;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_the_vendor_throttles_requests(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    [Fact]
    public async Task Should_wait_the_seconds_Retry_After_asks_for_and_land_every_review()
    {
        var keys = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString);
        it.Vendor.OnCall(2, () => Misbehaviour.TooManyRequests("7")).OnCall(3, () => Misbehaviour.TooManyRequests("2"));

        var batch = await it.Run.ExtractAsync();

        it.Clock.Waits.Should().Equal(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(2));
        VendorRun.Keys(batch).Should().Equal(VendorRun.Keys(keys));
        it.Vendor.PageCalls.Select(c => c.Status).Take(4).Should().Equal(200, 429, 429, 200);
    }

    [Fact]
    public async Task Should_wait_until_the_HTTP_date_Retry_After_names()
    {
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString);
        var until = it.Clock.GetUtcNow().AddSeconds(24).ToString("r", CultureInfo.InvariantCulture);
        it.Vendor.OnCall(1, () => Misbehaviour.TooManyRequests(until));

        var batch = await it.Run.ExtractAsync();

        until.Should().EndWith("GMT", "IMF-fixdate, RFC 9110 §5.6.7");
        it.Clock.Waits.Should().Equal(TimeSpan.FromSeconds(24));
        batch.Rows.Should().HaveCount(OlistReviews.Sample.Count);
    }

    [Fact]
    public async Task Should_retry_at_once_when_the_Retry_After_date_has_passed()
    {
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString);
        var past = it.Clock.GetUtcNow().AddMinutes(-1).ToString("r", CultureInfo.InvariantCulture);
        it.Vendor.OnCall(1, () => Misbehaviour.TooManyRequests(past));

        var batch = await it.Run.ExtractAsync();

        it.Clock.Waits.Should().BeEmpty("a date in the past asks for no wait");
        it.Vendor.PageCalls[0].Status.Should().Be(429);
        it.Vendor.PageCalls[1].Status.Should().Be(200);
        batch.Rows.Should().HaveCount(OlistReviews.Sample.Count);
    }

    [Fact]
    public async Task Should_honour_Retry_After_on_a_503_too()
    {
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString);
        it.Vendor.OnCall(2, () => Misbehaviour.ServerError(503, retryAfter: "11"));

        await it.Run.ExtractAsync();

        it.Clock.Waits.Should().Equal(TimeSpan.FromSeconds(11));
    }

    [Fact]
    public async Task Should_give_up_at_once_when_Retry_After_is_longer_than_the_cap()
    {
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString);
        it.Vendor.OnCall(2, () => Misbehaviour.TooManyRequests("3600"));

        var extract = () => it.Run.ExtractAsync();

        var error = (await extract.Should().ThrowAsync<SourceUnavailableException>()).Which;
        error.Message.Should().Contain("429").And.Contain("Retry-After 01:00:00");
        it.Vendor.PageCalls.Should().HaveCount(2, "a wait longer than Sources:Reviews:MaxRetryDelay is not retried");
        it.Clock.Waits.Should().BeEmpty();
    }

    [Fact]
    public async Task Should_fail_with_the_last_429_when_the_retries_run_out()
    {
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString);
        it.Vendor.When(c => c.Number >= 2 ? Misbehaviour.TooManyRequests("1") : null);

        var extract = () => it.Run.ExtractAsync();

        (await extract.Should().ThrowAsync<SourceUnavailableException>()).Which.Message.Should().Contain("429");
        it.Clock.Waits.Should().Equal(Enumerable.Repeat(TimeSpan.FromSeconds(1), 3));
        it.Vendor.PageCalls.Should().HaveCount(1 + 1 + 3);
    }
}
