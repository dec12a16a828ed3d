using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Security;

public class When_the_operations_api_authenticates_callers(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    private const string CiKey = "ci-key-0f3b9a51c2e84d7a";

    [Fact]
    public async Task Should_answer_401_without_a_token_and_with_an_expired_or_wrongly_signed_one()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        using var anonymous = host.Anonymous();
        using var expired = TestTokens.Client(host.BaseAddress,
            TestTokens.For("alice", ["admin"], expires: DateTime.UtcNow.AddMinutes(-10)));
        using var forged = TestTokens.Client(host.BaseAddress,
            TestTokens.For("alice", ["admin"], key: Encoding.UTF8.GetBytes("an attacker's own key, 32 bytes or more")));
        using var otherIssuer = TestTokens.Client(host.BaseAddress,
            TestTokens.For("alice", ["admin"], issuer: "https://elsewhere.test/"));

        foreach (var client in new[] { anonymous, expired, forged, otherIssuer })
        {
            using var list = await client.GetAsync("/runs");
            using var start = await client.PostAsJsonAsync("/runs", new { sources = new[] { "files" } });
            list.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            start.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            list.Headers.WwwAuthenticate.Should().Contain(h => h.Scheme == "Bearer");
        }
        host.Log.All<RunAccepted>().Should().BeEmpty();
        (await host.Http.GetAsync("/runs")).StatusCode.Should().Be(HttpStatusCode.OK, "a valid token passes");
        (await anonymous.GetAsync("/health/live")).StatusCode.Should().NotBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Should_let_a_viewer_read_but_answer_403_when_it_resets_an_offset_or_starts_a_run()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var run = await host.RequestRunAsync("files");
        await host.CompletedAsync(run);
        using var viewer = host.HttpAs("victor", "viewer");

        using var read = await viewer.GetAsync("/offsets");
        using var reset = await viewer.PostAsJsonAsync("/offsets/files/sellers/reset",
            new { offset = (object?)null, reason = "backfill" });
        using var start = await viewer.PostAsJsonAsync("/runs", new { sources = new[] { "files" } });
        using var noRole = await host.HttpAs("nobody").GetAsync("/runs");

        read.StatusCode.Should().Be(HttpStatusCode.OK);
        reset.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        start.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        noRole.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a token without a lake role reads nothing");
        (await host.Http.GetFromJsonAsync<JsonElement>("/offsets/audit")).GetArrayLength().Should().Be(0);
        (await host.Queries.ListOffsetsAsync(CancellationToken.None)).Should()
            .Contain(o => o.Stream == "sellers", "the viewer's reset changed nothing");
    }

    [Fact]
    public async Task Should_record_the_api_key_owner_and_ignore_a_forged_requested_by()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            auth: TestTokens.Settings(("nightly-ci", CiKey, "operator")));
        using var automation = host.Anonymous();
        automation.DefaultRequestHeaders.Add("X-Api-Key", CiKey);
        using var wrongKey = host.Anonymous();
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", CiKey + "x");

        using var start = await automation.PostAsJsonAsync("/runs",
            new { sources = new[] { "files" }, requestedBy = "the-ceo" });
        var runId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();
        var accepted = await host.AcceptedAsync(runId);
        await host.CompletedAsync(runId);
        using var reset = await automation.PostAsJsonAsync("/offsets/files/sellers/reset",
            new { offset = (object?)null, requestedBy = "the-ceo", reason = "nightly re-read" });
        using var refused = await wrongKey.GetAsync("/runs");

        start.StatusCode.Should().Be(HttpStatusCode.Accepted);
        accepted.RequestedBy.Should().Be("apikey:nightly-ci");
        reset.StatusCode.Should().Be(HttpStatusCode.OK);
        var audit = (await host.Http.GetFromJsonAsync<JsonElement>("/offsets/audit")).EnumerateArray().Single();
        audit.GetProperty("requestedBy").GetString().Should().Be("apikey:nightly-ci");
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Should_refuse_to_start_without_an_issuer_unless_local_only()
    {
        var act = async () =>
        {
            await using var _ = await OrchestratorTestHost.StartAsync(
                await database.CreateDatabaseAsync("orch"), output, auth: new Dictionary<string, string?>());
        };

        (await act.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain("Orchestrator:Auth:Authority").And.Contain("Orchestrator:Auth:LocalOnly");
    }

    [Fact]
    public async Task Should_refuse_to_start_local_only_on_an_address_other_than_loopback()
    {
        var act = async () =>
        {
            await using var _ = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
                output, auth: new Dictionary<string, string?> { ["Orchestrator:Auth:LocalOnly"] = "true" },
                urls: "http://0.0.0.0:0");
        };

        (await act.Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain("loopback");
    }

    [Fact]
    public async Task Should_serve_loopback_callers_as_the_local_user_in_local_only_mode()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output, auth: new Dictionary<string, string?> { ["Orchestrator:Auth:LocalOnly"] = "true" });
        using var local = host.Anonymous();

        using var start = await local.PostAsJsonAsync("/runs", new { sources = new[] { "files" }, requestedBy = "x" });
        var runId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();

        start.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await host.AcceptedAsync(runId)).RequestedBy.Should().Be($"local:{Environment.UserName}");
        await host.CompletedAsync(runId);
    }

    [Fact]
    public async Task Should_keep_the_webhook_on_its_hmac_signature_and_describe_the_api()
    {
        const string secret = "webhook-secret";
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output, settings: new Dictionary<string, string?> { ["Orchestrator:ReviewsWebhook:Secret"] = secret });
        using var vendor = host.Anonymous();
        var body = """{"event":"review.created"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/reviews")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Lake-Signature",
            Orchestrator.Triggers.ReviewsWebhook.Sign(secret, Encoding.UTF8.GetBytes(body)));

        using var signed = await vendor.SendAsync(request);
        var description = await vendor.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        signed.StatusCode.Should().Be(HttpStatusCode.Accepted, "no token needed: the signature authenticates it");
        description.GetProperty("paths").EnumerateObject().Select(p => p.Name).Should()
            .Contain(["/runs", "/runs/{runId}", "/offsets/{source}/{stream}/reset", "/alerts"]);
    }
}
