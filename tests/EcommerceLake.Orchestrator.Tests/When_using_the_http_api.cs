using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_using_the_http_api(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_start_a_run_and_show_its_streams_the_run_list_and_the_offsets()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var earlier = await host.RequestRunAsync("files");
        await host.CompletedAsync(earlier);

        using var operatorClient = host.HttpAs("olivia", "operator");
        var response = await operatorClient.PostAsJsonAsync("/runs",
            new { sources = new[] { "reviews" }, forceFull = true, requestedBy = "mallory" });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        var runId = started.GetProperty("runId").GetGuid();
        response.Headers.Location!.ToString().Should().Be($"/runs/{runId}");
        started.GetProperty("requestedBy").GetString().Should()
            .Be("olivia", "the principal, not the forged requestedBy");
        var accepted = await host.AcceptedAsync(runId);
        accepted.Should().Match<RunAccepted>(a => a.Trigger == RunTrigger.Api && a.RequestedBy == "olivia"
            && a.ForceFull && a.Sources.Single() == "reviews");
        await host.CompletedAsync(runId);

        var run = await host.Http.GetFromJsonAsync<JsonElement>($"/runs/{runId}");
        run.GetProperty("run").GetProperty("state").GetString().Should().Be("Completed");
        run.GetProperty("run").GetProperty("forceFull").GetBoolean().Should().BeTrue();
        run.GetProperty("run").GetProperty("trigger").GetString().Should().Be("api");
        var stream = run.GetProperty("streams").EnumerateArray().Should().ContainSingle().Subject;
        stream.GetProperty("stream").GetString().Should().Be("order_reviews");
        stream.GetProperty("status").GetString().Should().Be("Loaded");
        stream.GetProperty("offsetTo").GetString().Should().Be(FakeScenario.OffsetOf(runId));
        stream.GetProperty("trustedRows").GetInt64().Should().Be(100);
        stream.GetProperty("loadFinishedAt").ValueKind.Should().Be(JsonValueKind.String);
        run.GetProperty("marts").GetProperty("status").GetString().Should().Be("Built");

        var runs = await host.Http.GetFromJsonAsync<JsonElement>("/runs");
        runs.EnumerateArray().Select(r => r.GetProperty("runId").GetGuid()).Should().Equal(runId, earlier);
        (await host.Http.GetFromJsonAsync<JsonElement>("/runs?limit=1")).GetArrayLength().Should().Be(1);

        var offsets = await host.Http.GetFromJsonAsync<JsonElement>("/offsets");
        offsets.EnumerateArray()
            .Select(o => $"{o.GetProperty("source").GetString()}.{o.GetProperty("stream").GetString()}")
            .Should().Equal("files.category_translation", "files.products", "files.sellers", "reviews.order_reviews");
        offsets.EnumerateArray().Last().GetProperty("runId").GetGuid().Should().Be(runId);
    }

    [Fact]
    public async Task Should_refuse_an_unknown_source_with_400_and_answer_404_for_an_unknown_run()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);

        var bad = await host.Http.PostAsJsonAsync("/runs", new { sources = new[] { "files", "crm" } });
        var missing = await host.Http.GetAsync($"/runs/{Guid.NewGuid()}");

        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).Should().Contain("'crm'");
        host.Log.All<RunAccepted>().Should().BeEmpty();
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_run_every_source_when_the_body_names_none()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);

        var response = await host.Http.PostAsJsonAsync("/runs", new { });
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();
        var accepted = await host.AcceptedAsync(runId);

        accepted.Sources.Should().Equal("economics", "files", "marketplace", "reviews");
        accepted.RequestedBy.Should().Be("alice");
        await host.CompletedAsync(runId);
    }
}
