using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_the_access_token_expires(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    [Fact]
    public async Task Should_reuse_the_token_while_it_is_valid()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await ReviewApiFixture.StartServerAsync(
            fixture.ConnectionString, o => o.Clock = clock);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server, clock: clock));
        var first = await run.ExtractAsync();

        clock.Advance(TimeSpan.FromMinutes(30));
        await run.ExtractAsync(first.Result.OffsetTo);

        server.TokensIssued.Should().Be(1);
    }

    [Fact]
    public async Task Should_renew_the_token_shortly_before_it_expires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await ReviewApiFixture.StartServerAsync(
            fixture.ConnectionString, o => o.Clock = clock);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server, clock: clock));
        var first = await run.ExtractAsync();

        // 30 s before expiry: the API would still take the old token, the connector renews it anyway.
        clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(30));
        var second = await run.ExtractAsync();

        server.TokensIssued.Should().Be(2);
        second.Rows.Should().HaveCount(first.Rows.Count);
    }

    [Fact]
    public async Task Should_fetch_a_new_token_when_the_api_rejects_the_old_one()
    {
        var serverClock = new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await ReviewApiFixture.StartServerAsync(
            fixture.ConnectionString, o => o.Clock = serverClock);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server,
            clock: new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero))));
        var first = await run.ExtractAsync();

        // Only the API's clock moves (clock skew, or a token revoked early): the connector learns it from the 401.
        serverClock.Advance(TimeSpan.FromHours(2));
        var second = await run.ExtractAsync();

        server.TokensIssued.Should().Be(2);
        second.Rows.Should().HaveCount(first.Rows.Count);
    }
}
