using System.Net;
using System.Text;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Orchestrator.Triggers;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_the_reviews_webhook_is_called(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    private const string Secret = "s3cret-shared-with-the-vendor";

    private static readonly Dictionary<string, string?> Settings =
        new() { ["Orchestrator:ReviewsWebhook:Secret"] = Secret };

    [Fact]
    public async Task Should_start_a_reviews_run_when_the_body_is_signed_with_the_shared_secret()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output, settings: Settings);
        var body = """{"event":"review.created","reviewId":"r-1"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/reviews")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ReviewsWebhook.SignatureHeader, ReviewsWebhook.Sign(Secret, Encoding.UTF8.GetBytes(body)));

        using var response = await host.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var runId = (await JsonSerializer.DeserializeAsync<JsonElement>(await response.Content.ReadAsStreamAsync()))
            .GetProperty("runId").GetGuid();
        var accepted = await host.AcceptedAsync(runId);
        accepted.Should().Match<RunAccepted>(a => a.Trigger == RunTrigger.Webhook && a.Sources.Single() == "reviews"
            && a.RequestedBy == "webhook:reviews");
        await host.CompletedAsync(runId);
    }

    [Fact]
    public async Task Should_accept_the_shared_secret_header_too()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output, settings: Settings);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/reviews")
        {
            Content = new StringContent("{}"),
        };
        request.Headers.Add(ReviewsWebhook.SecretHeader, Secret);

        using var response = await host.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        await host.Log.WaitForOneAsync<RunAccepted>(a => a.Trigger == RunTrigger.Webhook);
    }

    [Fact]
    public async Task Should_refuse_a_wrong_or_missing_signature_and_start_nothing()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output, settings: Settings);
        var body = """{"event":"review.created"}""";
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/webhooks/reviews")
        {
            Content = new StringContent(body),
        };
        forged.Headers.Add(ReviewsWebhook.SignatureHeader,
            ReviewsWebhook.Sign("another secret", Encoding.UTF8.GetBytes(body)));
        using var wrongSecret = new HttpRequestMessage(HttpMethod.Post, "/webhooks/reviews")
        {
            Content = new StringContent(body),
        };
        wrongSecret.Headers.Add(ReviewsWebhook.SecretHeader, Secret + "x");

        using var forgedResponse = await host.Http.SendAsync(forged);
        using var wrongResponse = await host.Http.SendAsync(wrongSecret);
        using var unsigned = await host.Http.PostAsync("/webhooks/reviews", new StringContent(body));

        forgedResponse.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        wrongResponse.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        unsigned.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await unsigned.Content.ReadAsStringAsync()).Should().NotContain(Secret);
        host.Log.All<RequestRun>().Should().BeEmpty();
    }

    [Fact]
    public async Task Should_answer_404_when_no_secret_is_configured()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);

        using var response = await host.Http.PostAsync("/webhooks/reviews", new StringContent("{}"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        host.Log.All<RequestRun>().Should().BeEmpty();
    }
}
