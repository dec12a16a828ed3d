using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Cli.Operations;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.StreamControl;

public sealed class When_an_operator_controls_a_stream(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_skip_a_paused_stream_show_it_paused_keep_its_offset_and_take_it_again_once_resumed()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var first = await host.RequestRunAsync("files");
        await host.CompletedAsync(first);

        using var pause = await host.Http.PostAsJsonAsync("/streams/files/sellers/pause",
            new { requestedBy = "mallory", reason = "partner sends broken files" });
        pause.StatusCode.Should().Be(HttpStatusCode.OK);
        var paused = await pause.Content.ReadFromJsonAsync<JsonElement>();
        paused.GetProperty("stream").GetProperty("paused").GetBoolean().Should().BeTrue();
        paused.GetProperty("stream").GetProperty("freshness").GetProperty("state").GetString().Should().Be("Paused");
        paused.GetProperty("audit").GetProperty("action").GetString().Should().Be("Pause");

        var second = await host.RequestRunAsync("files");
        await host.CompletedAsync(second);

        var run = await host.RunAsync(second);
        var sellers = run.Streams.Single(s => s.Stream == "sellers");
        sellers.Status.Should().Be(StreamRunStatus.Paused);
        sellers.PausedReason.Should().Be("paused by alice: partner sends broken files");
        sellers.OffsetCommittedAt.Should().BeNull();
        run.Streams.Where(s => s.Stream != "sellers").Should().OnlyContain(s => s.Status == StreamRunStatus.Loaded);
        run.Run.StreamsPaused.Should().Be(1);
        host.Log.All<ExtractStream>(m => m.RunId == second && m.Stream == "sellers").Should().BeEmpty();
        var offsets = (await host.Http.GetFromJsonAsync<JsonElement>("/offsets")).EnumerateArray()
            .ToDictionary(o => o.GetProperty("stream").GetString()!, o => o.GetProperty("offset").GetString());
        offsets["sellers"].Should().Be(FakeScenario.OffsetOf(first), "a paused stream keeps its offset");
        offsets["products"].Should().Be(FakeScenario.OffsetOf(second));

        using var bob = host.HttpAs("bob", "operator");
        using var resume = await bob.PostAsJsonAsync("/streams/files/sellers/resume",
            new { reason = "partner fixed the files" });
        resume.StatusCode.Should().Be(HttpStatusCode.OK);
        var third = await host.RequestRunAsync("files");
        await host.CompletedAsync(third);

        (await host.Log.WaitForOneAsync<ExtractStream>(m => m.RunId == third && m.Stream == "sellers"))
            .Offset.Should().Be(FakeScenario.OffsetOf(first), "it goes on from where it stopped");
        var audit = (await host.Http.GetFromJsonAsync<JsonElement>("/streams/audit?source=files")).EnumerateArray()
            .Select(a => (a.GetProperty("action").GetString(), a.GetProperty("requestedBy").GetString(),
                a.GetProperty("reason").GetString())).ToList();
        audit.Should().Equal([("Resume", "bob", "partner fixed the files"),
            ("Pause", "alice", "partner sends broken files")],
            "the audit names the principal, not a body's requestedBy");
    }

    [Fact]
    public async Task Should_read_one_stream_whole_on_the_next_run_only()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var first = await host.RequestRunAsync("files");
        await host.CompletedAsync(first);

        using var full = await host.Http.PostAsJsonAsync("/streams/files/products/force-full",
            new { reason = "the partner re-sent its history" });
        full.StatusCode.Should().Be(HttpStatusCode.OK);
        (await full.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stream").GetProperty("forceFull")
            .GetBoolean().Should().BeTrue();

        var second = await host.RequestRunAsync("files");
        await host.CompletedAsync(second);
        var third = await host.RequestRunAsync("files");
        await host.CompletedAsync(third);

        host.Log.All<ExtractStream>(m => m.RunId == second).ToDictionary(m => m.Stream, m => m.ForceFull)
            .Should().BeEquivalentTo(new Dictionary<string, bool>
            {
                ["products"] = true, ["sellers"] = false, ["category_translation"] = false,
            });
        host.Log.All<ExtractStream>(m => m.RunId == third).Should().OnlyContain(m => !m.ForceFull,
            "the run that read the stream whole cleared the switch when it committed the offset");
        (await host.RunAsync(second)).Streams.Single(s => s.Stream == "products").IsFullSnapshot.Should().BeTrue();
        var products = (await host.Http.GetFromJsonAsync<JsonElement>("/streams")).EnumerateArray()
            .Single(s => s.GetProperty("source").GetString() == "files"
                && s.GetProperty("stream").GetString() == "products");
        products.GetProperty("forceFull").GetBoolean().Should().BeFalse();
        products.GetProperty("offset").GetString().Should().Be(FakeScenario.OffsetOf(third));
    }

    [Fact]
    public async Task Should_keep_a_full_run_asked_for_while_a_failed_run_had_the_stream()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.Failures["files.products"] = "load");
        using var full = await host.Http.PostAsJsonAsync("/streams/files/products/force-full",
            new { reason = "re-read" });
        var failed = await host.RequestRunAsync("files");
        await host.FailedAsync(failed);
        host.Scenario.Failures.Clear();

        var next = await host.RequestRunAsync("files");
        await host.CompletedAsync(next);

        (await host.Log.WaitForOneAsync<ExtractStream>(m => m.RunId == next && m.Stream == "products")).ForceFull
            .Should().BeTrue("the failed run committed nothing, so the switch stays for the next run");
    }

    [Fact]
    public async Task Should_complete_a_run_whose_every_stream_is_paused_without_extracting()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        foreach (var stream in new[] { "sellers", "products", "category_translation" })
            (await host.Http.PostAsJsonAsync($"/streams/files/{stream}/pause", new { reason = "holiday" }))
                .EnsureSuccessStatusCode();

        var run = await host.RequestRunAsync("files");
        await host.CompletedAsync(run);

        host.Log.All<ExtractStream>(m => m.RunId == run).Should().BeEmpty();
        (await host.RunAsync(run)).Streams.Should().HaveCount(3)
            .And.OnlyContain(s => s.Status == StreamRunStatus.Paused);
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_require_an_operator_a_reason_and_a_known_stream()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        using var viewer = host.HttpAs("victor", "viewer");
        using var nobody = host.Anonymous();

        using var noReason = await host.Http.PostAsJsonAsync("/streams/files/sellers/pause", new { });
        using var unknown = await host.Http.PostAsJsonAsync("/streams/files/orders/pause", new { reason = "b" });
        using var byViewer = await viewer.PostAsJsonAsync("/streams/files/sellers/pause", new { reason = "b" });
        using var anonymous = await nobody.PostAsJsonAsync("/streams/files/sellers/resume", new { reason = "b" });
        using var anonymousList = await nobody.GetAsync("/streams");
        using var viewerList = await viewer.GetAsync("/streams");
        using var viewerAudit = await viewer.GetAsync("/streams/audit");

        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadAsStringAsync()).Should().Contain("reason");
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        byViewer.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a viewer reads but may not switch");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymousList.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        viewerList.StatusCode.Should().Be(HttpStatusCode.OK);
        viewerAudit.StatusCode.Should().Be(HttpStatusCode.OK);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("files.orders");
        (await host.Http.GetFromJsonAsync<JsonElement>("/streams/audit")).GetArrayLength().Should().Be(0);
        (await host.Http.GetFromJsonAsync<JsonElement>("/streams")).EnumerateArray()
            .Should().OnlyContain(s => !s.GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task Should_be_paused_resumed_and_forced_full_from_the_command_line()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var command = new RootCommand { StreamCommands.Create() };
        var api = host.BaseAddress.ToString();
        var operatorToken = TestTokens.For("dave", ["operator"]);
        var viewerToken = TestTokens.For("victor", ["viewer"]);
        var printed = new StringWriter();
        Task<int> Lake(params string[] args) =>
            command.Parse([.. args, "--api", api])
                .InvokeAsync(new InvocationConfiguration { Output = printed, Error = printed });

        (await Lake("stream", "pause", "files.sellers", "--reason", "broken files", "--token", operatorToken))
            .Should().Be(0, printed.ToString());
        (await Lake("stream", "force-full", "files/products", "--reason", "history re-sent", "--token", operatorToken))
            .Should().Be(0, printed.ToString());
        (await Lake("stream", "pause", "files.orders", "--reason", "x", "--token", operatorToken))
            .Should().Be(1, "files.orders is no stream");
        (await Lake("stream", "pause", "files.products", "--reason", "x", "--token", viewerToken))
            .Should().Be(2, "a viewer may not pause (403)");
        (await Lake("stream", "list")).Should().Be(2, "no credentials (401)");
        (await Lake("stream", "list", "--token", viewerToken)).Should().Be(0, printed.ToString());

        var streams = (await host.Http.GetFromJsonAsync<JsonElement>("/streams")).EnumerateArray()
            .Where(s => s.GetProperty("source").GetString() == "files")
            .ToDictionary(s => s.GetProperty("stream").GetString()!);
        streams["sellers"].GetProperty("paused").GetBoolean().Should().BeTrue();
        streams["sellers"].GetProperty("pausedBy").GetString().Should().Be("dave");
        streams["products"].GetProperty("forceFull").GetBoolean().Should().BeTrue();
        (await Lake("stream", "resume", "files.sellers", "--reason", "fixed", "--token", operatorToken)).Should().Be(0);
        (await host.Http.GetFromJsonAsync<JsonElement>("/streams/audit")).GetArrayLength().Should().Be(3);
    }
}
