using System.Net;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Security;

public class When_tokens_come_from_an_openid_connect_provider(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    private const string Audience = "lake-operations";

    [Fact]
    public async Task Should_accept_the_providers_tokens_and_send_the_dashboard_to_sign_in_with_pkce()
    {
        await using var provider = await FakeOidcProvider.StartAsync();
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            auth: new Dictionary<string, string?>
            {
                ["Orchestrator:Auth:Authority"] = provider.Issuer,
                ["Orchestrator:Auth:Audience"] = Audience,
                ["Orchestrator:Auth:RequireHttpsMetadata"] = "false",
                ["Orchestrator:Auth:ClientId"] = "lake-dashboard",
            });
        using var signedIn = TestTokens.Client(host.BaseAddress, provider.TokenFor("dora", ["viewer"], Audience));
        using var wrongAudience = TestTokens.Client(host.BaseAddress, provider.TokenFor("dora", ["viewer"], "other"));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = host.BaseAddress,
        };

        using var runs = await signedIn.GetAsync("/runs");
        using var refused = await wrongAudience.GetAsync("/runs");
        using var dashboard = await browser.GetAsync("/dashboard");
        using var page = await signedIn.GetAsync("/dashboard");

        runs.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        dashboard.StatusCode.Should().Be(HttpStatusCode.Redirect, "the dashboard signs in through the provider");
        var location = dashboard.Headers.Location!.ToString();
        location.Should().StartWith(provider.Issuer + "authorize?");
        location.Should().Contain("client_id=lake-dashboard").And.Contain("response_type=code")
            .And.Contain("code_challenge_method=S256").And.Contain("redirect_uri=");
        page.StatusCode.Should().Be(HttpStatusCode.OK, "a bearer token opens the dashboard too");
        (await page.Content.ReadAsStringAsync()).Should().Contain("dora");
    }
}
