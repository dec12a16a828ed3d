using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_calling_the_review_api_without_a_valid_token(ReviewApiFixture fixture)
    : IClassFixture<ReviewApiFixture>
{
    [Fact]
    public async Task Should_answer_401_without_a_token()
    {
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        using var http = ReviewApiCalls.Client(server);

        using var response = await ReviewApiCalls.GetAsync(http, "v1/reviews", token: null);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()
            .Should().Be("invalid_token");
    }

    [Fact]
    public async Task Should_answer_401_to_a_token_it_did_not_issue()
    {
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        using var http = ReviewApiCalls.Client(server);

        using var response = await ReviewApiCalls.GetAsync(http, "v1/reviews", token: "made-up-token");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Single().Parameter.Should().Contain("error=\"invalid_token\"");
    }

    [Fact]
    public async Task Should_answer_401_once_the_token_expired()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await ReviewApiFixture.StartServerAsync(
            fixture.ConnectionString, o => o.Clock = clock);
        using var http = ReviewApiCalls.Client(server);
        var token = await ReviewApiCalls.TokenAsync(http);
        using (var fresh = await ReviewApiCalls.GetAsync(http, "v1/reviews?limit=1", token))
            fresh.StatusCode.Should().Be(HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromHours(1));
        using var expired = await ReviewApiCalls.GetAsync(http, "v1/reviews?limit=1", token);

        expired.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
