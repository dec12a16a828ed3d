using EcommerceLake.Ingestion.Connectors;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_the_vendor_rejects_the_access_token(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    [Fact]
    public async Task Should_fetch_a_new_token_mid_run_and_land_every_review_once()
    {
        var keys = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString);
        it.Vendor.OnCall(3, Misbehaviour.ExpiredToken);

        var batch = await it.Run.ExtractAsync();

        it.Vendor.TokenCalls.Should().Be(2);
        var calls = it.Vendor.PageCalls;
        calls[2].Status.Should().Be(401);
        calls[3].Token.Should().NotBe(calls[2].Token, "the rejected token is not sent again");
        calls[3].Query.Should().BeEquivalentTo(calls[2].Query, "the same page is asked for again");
        VendorRun.Keys(batch).Should().Equal(VendorRun.Keys(keys));
    }

    [Fact]
    public async Task Should_fail_naming_the_401_when_the_new_token_is_rejected_too()
    {
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString);
        it.Vendor.When(c => c.Number >= 2 ? Misbehaviour.ExpiredToken() : null);

        var extract = () => it.Run.ExtractAsync();

        (await extract.Should().ThrowAsync<SourceUnavailableException>()).Which.Message
            .Should().Contain("401").And.Contain("invalid_token");
        it.Vendor.TokenCalls.Should().Be(2, "one new token per rejection, no loop");
        it.Vendor.PageCalls.Should().HaveCount(3);
    }

    [Fact]
    public async Task Should_renew_the_token_before_a_page_once_it_expired_during_the_run()
    {
        var keys = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString);
        // While page 3 is served, the connector's wall clock moves an hour on (no time-out of the call in flight
        // fires): the demo API's tokens live one hour.
        it.Vendor.When(c =>
        {
            if (c.Number == 3) it.Clock.AdjustTime(it.Clock.GetUtcNow() + TimeSpan.FromHours(1));
            return null;
        });

        var batch = await it.Run.ExtractAsync();

        it.Vendor.TokenCalls.Should().Be(2);
        var calls = it.Vendor.PageCalls;
        calls.Should()
            .OnlyContain(c => c.Status == 200, "the expired token was renewed before the API could reject it");
        calls[3].Token.Should().NotBe(calls[2].Token);
        VendorRun.Keys(batch).Should().Equal(VendorRun.Keys(keys));
    }
}
