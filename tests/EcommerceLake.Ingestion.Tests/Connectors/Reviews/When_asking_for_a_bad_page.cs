using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_asking_for_a_bad_page(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    [Theory]
    [InlineData("v1/reviews?limit=1001")]
    [InlineData("v1/reviews?limit=0")]
    [InlineData("v1/reviews?limit=ten")]
    public async Task Should_answer_400_to_a_limit_outside_1_to_the_maximum(string pathAndQuery)
    {
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        using var http = ReviewApiCalls.Client(server);
        var token = await ReviewApiCalls.TokenAsync(http);

        using var response = await ReviewApiCalls.GetAsync(http, pathAndQuery, token);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        error.GetProperty("error").GetString().Should().Be("invalid_request");
        error.GetProperty("error_description").GetString().Should().Contain("1000");
    }

    [Fact]
    public async Task Should_accept_the_configured_maximum()
    {
        await using var server = await ReviewApiFixture.StartServerAsync(
            fixture.ConnectionString, o => o.MaxPageSize = 20);
        using var http = ReviewApiCalls.Client(server);
        var token = await ReviewApiCalls.TokenAsync(http);

        using var ok = await ReviewApiCalls.GetAsync(http, "v1/reviews?limit=20", token);
        using var tooLarge = await ReviewApiCalls.GetAsync(http, "v1/reviews?limit=21", token);

        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetArrayLength().Should().Be(20);
        tooLarge.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("v1/reviews?cursor=not-a-cursor")]
    [InlineData("v1/reviews?updated_after=yesterday")]
    [InlineData("v1/reviews?updated_after=2018-01-01T00:00:00Z&after_id=abc")]
    public async Task Should_answer_400_to_a_bad_cursor_or_watermark(string pathAndQuery)
    {
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        using var http = ReviewApiCalls.Client(server);
        var token = await ReviewApiCalls.TokenAsync(http);

        using var response = await ReviewApiCalls.GetAsync(http, pathAndQuery, token);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
