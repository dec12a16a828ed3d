using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Orchestrator.Triggers;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_a_source_has_an_active_run(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task
        Should_refuse_a_second_run_naming_the_source_and_the_active_run_then_accept_it_after_the_first_ends()
    {
        await using var busy = await BusyReviews.StartAsync(database, output);
        var (host, first) = (busy.Host, busy.ActiveRunId);

        var second = await host.RequestRunAsync("files", "reviews");
        var refused = await host.RefusedAsync(second);

        refused.ActiveRunId.Should().Be(first);
        refused.Reason.Should().Contain("'reviews'").And.Contain(first.ToString());
        host.Log.All<RunAccepted>(m => m.RunId == second).Should().BeEmpty();
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().ContainSingle()
            .Which.Should().Match<Orchestrator.Admission.SourceLease>(l => l.Source == "reviews" && l.RunId == first,
                "a refused run leases nothing, not even its free sources");
        var shown = await host.Queries.GetRunAsync(second, CancellationToken.None);
        shown.Should().NotBeNull("a refused request is kept, so whoever waits on its run id learns why");
        shown!.Run.Should().Match<RunSummary>(r => r.State == "Refused" && r.Error == refused.Reason
            && r.CompletedAt != null && r.Sources.SequenceEqual(new[] { "files", "reviews" }) && r.Streams == 0);
        shown.ActiveRunId.Should().Be(first);
        shown.Streams.Should().BeEmpty();

        await busy.EndAsync();
        var third = await host.RequestRunAsync("files", "reviews");
        await host.AcceptedAsync(third);
        await host.CompletedAsync(third);
        (await host.Queries.ListRunsAsync(10, RunFilter.None, CancellationToken.None)).Select(r => r.RunId).Should()
            .BeEquivalentTo([first, third], "the runs list holds admitted runs only");
    }

    [Fact]
    public async Task Should_answer_for_a_refused_run_over_http_and_refuse_to_cancel_it()
    {
        await using var busy = await BusyReviews.StartAsync(database, output);
        var (host, first) = (busy.Host, busy.ActiveRunId);
        using var operatorClient = host.HttpAs("olivia", "operator");
        using var started = await operatorClient.PostAsJsonAsync("/runs", new { sources = new[] { "reviews" } });
        var second = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();
        await host.RefusedAsync(second);

        var details = await host.Http.GetFromJsonAsync<JsonElement>($"/runs/{second}");
        using var cancel = await operatorClient.PostAsJsonAsync($"/runs/{second}/cancel", new { reason = "test" });

        var run = details.GetProperty("run");
        run.GetProperty("state").GetString().Should().Be("Refused");
        run.GetProperty("requestedBy").GetString().Should().Be("olivia");
        run.GetProperty("error").GetString().Should().Contain("'reviews'").And.Contain(first.ToString());
        run.GetProperty("completedAt").ValueKind.Should().Be(JsonValueKind.String, "a waiting client stops");
        details.GetProperty("activeRunId").GetGuid().Should().Be(first);
        cancel.StatusCode.Should().Be(HttpStatusCode.Conflict, "a refused run has already ended");
        var page = await host.Http.GetStringAsync($"/dashboard/fragments/runs/{second}");
        page.Should().Contain("data-state=\"Refused\"").And.Contain("<span class=\"badge bad\">Refused</span>")
            .And.Contain("The run was refused")
            .And.Contain($"href=\"/dashboard/runs/{first}\"").And.NotContain("hx-trigger", "polling stops");
        await busy.EndAsync();
    }

    [Fact]
    public async Task Should_release_the_sources_and_start_the_follow_up_while_the_marts_build()
    {
        var marts = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.MartsGate = marts);
        var first = await host.RequestRunAsync("reviews");
        await host.Log.WaitForOneAsync<BuildMarts>(m => m.RunId == first);

        var next = RunTriggers.Automatic("reviews", RunTrigger.Webhook, "tests");
        await host.Bus.Publish(next);
        await host.AcceptedAsync(next.RunId);

        host.Log.All<RunCompleted>(m => m.RunId == first).Should().BeEmpty("the first run's marts are still building");
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().ContainSingle()
            .Which.RunId.Should().Be(next.RunId, "every offset of the first run was committed before its marts");
        marts.SetResult();
        await host.CompletedAsync(first);
        await host.CompletedAsync(next.RunId);
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty();
        host.Log.All<RunRefused>().Should().BeEmpty();
    }

    [Fact]
    public async Task Should_accept_a_run_over_other_sources_at_the_same_time()
    {
        await using var busy = await BusyReviews.StartAsync(database, output);
        var host = busy.Host;

        var second = await host.RequestRunAsync("files");
        await host.CompletedAsync(second);

        await busy.EndAsync();
    }

    [Fact]
    public async Task Should_refuse_an_unknown_source_with_the_known_ones()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);

        var runId = await host.RequestRunAsync("files", "erp");
        var refused = await host.RefusedAsync(runId);

        refused.Reason.Should().Contain("'erp'").And.Contain("files, marketplace, reviews");
        refused.ActiveRunId.Should().BeNull();
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty();
        (await host.Queries.GetRunAsync(runId, CancellationToken.None)).Should().Match<RunDetails>(d =>
            d.Run.State == RunSummary.RefusedState && d.Run.Error == refused.Reason && d.ActiveRunId == null);
    }

    [Fact]
    public async Task Should_answer_a_repeated_request_of_the_same_run_the_same_way_and_start_it_once()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var runId = Guid.NewGuid();
        var request = new RequestRun
        {
            RunId = runId, Sources = ["files"], Trigger = RunTrigger.Api, RequestedBy = "tests",
        };

        await Task.WhenAll(host.Bus.Publish(request), host.Bus.Publish(request));
        await host.CompletedAsync(runId);
        await host.Bus.Publish(request);
        await host.Log.WaitForAsync<RunAccepted>(m => m.RunId == runId, count: 3);
        await host.SagaConsumedAsync<RunAccepted>(a => a.RunId == runId, count: 3);

        host.Log.All<RunRefused>().Should().BeEmpty();
        host.Log.All<RunAccepted>(m => m.RunId == runId).Select(m => m.AcceptedAt).Distinct().Should().ContainSingle();
        host.Log.All<ExtractStream>(m => m.RunId == runId).Should().HaveCount(3, "the saga starts once");
        host.Log.All<RunCompleted>(m => m.RunId == runId).Should().ContainSingle();
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should()
            .BeEmpty("a repeat of an ended run takes no lease");
        (await host.RunAsync(runId)).Run.State.Should().Be("Completed");
    }
}
