using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_requesting_a_token(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    [Fact]
    public async Task Should_issue_a_bearer_token_for_valid_client_credentials()
    {
        await using var server = await ReviewApiFixture.StartServerAsync(
            fixture.ConnectionString, o => o.TokenLifetime = TimeSpan.FromMinutes(30));
        using var http = ReviewApiCalls.Client(server);

        using var response = await ReviewApiCalls.RequestTokenAsync(
            http, ReviewApiFixture.ClientId, ReviewApiFixture.ClientSecret);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
        body.GetProperty("token_type").GetString().Should().Be("Bearer");
        body.GetProperty("expires_in").GetInt32().Should().Be(1800);
        server.TokensIssued.Should().Be(1);
    }

    [Fact]
    public async Task Should_accept_http_basic_client_authentication()
    {
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        using var http = ReviewApiCalls.Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent(
                new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(
                Encoding.UTF8.GetBytes($"{ReviewApiFixture.ClientId}:{ReviewApiFixture.ClientSecret}")));

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Should_answer_401_invalid_client_to_a_wrong_secret()
    {
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        using var http = ReviewApiCalls.Client(server);

        using var response = await ReviewApiCalls.RequestTokenAsync(http, ReviewApiFixture.ClientId, "not-the-secret");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()
            .Should().Be("invalid_client");
        server.TokensIssued.Should().Be(0);
    }

    [Fact]
    public async Task Should_answer_400_to_another_grant_type()
    {
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        using var http = ReviewApiCalls.Client(server);

        using var response = await ReviewApiCalls.RequestTokenAsync(
            http, ReviewApiFixture.ClientId, ReviewApiFixture.ClientSecret, "password");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()
            .Should().Be("unsupported_grant_type");
    }
}
