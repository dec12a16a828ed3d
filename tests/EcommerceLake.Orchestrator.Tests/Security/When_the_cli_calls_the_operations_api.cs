using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Cli.Operations;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Security;

public class When_the_cli_calls_the_operations_api(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_start_and_wait_for_a_run_list_it_and_reset_an_offset_as_the_token_holder()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var root = new RootCommand { RunCommands.Create(), RunCommands.CreateList(), OffsetCommands.Create() };
        var api = host.BaseAddress.ToString();
        var operatorToken = TestTokens.For("olga", ["operator"]);
        var viewerToken = TestTokens.For("victor", ["viewer"]);
        Task<int> Lake(params string[] args) => root.Parse(args).InvokeAsync();

        var run = await Lake("run", "files", "--wait", "--json", "--api", api, "--token", operatorToken);
        var listed = await Lake("runs", "--api", api, "--token", viewerToken);
        var shown = await Lake("run", "show", Guid.NewGuid().ToString(), "--api", api, "--token", viewerToken);
        var refused = await Lake("offsets", "reset", "files/sellers", "--reason", "backfill", "--api", api,
            "--token", viewerToken);
        var anonymous = await Lake("runs", "--api", api);
        var reset = await Lake("offsets", "reset", "files/sellers", "--reason", "backfill", "--api", api,
            "--token", operatorToken);
        var unknown = await Lake("offsets", "reset", "files/orders", "--reason", "x", "--api", api,
            "--token", operatorToken);

        run.Should().Be(0, "the run completed");
        var runs = await host.Http.GetFromJsonAsync<JsonElement>("/runs");
        runs.EnumerateArray().Single().GetProperty("requestedBy").GetString().Should().Be("olga");
        listed.Should().Be(0);
        shown.Should().Be(1, "an unknown run");
        refused.Should().Be(2, "a viewer may not reset (403)");
        anonymous.Should().Be(2, "no credentials (401)");
        reset.Should().Be(0);
        unknown.Should().Be(1, "an unknown stream (400)");
        var audit = (await host.Http.GetFromJsonAsync<JsonElement>("/offsets/audit")).EnumerateArray().Single();
        audit.GetProperty("requestedBy").GetString().Should().Be("olga");
        audit.GetProperty("newOffset").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Should_stop_waiting_for_a_run_refused_because_its_source_is_busy()
    {
        await using var busy = await BusyReviews.StartAsync(database, output);
        var (host, active) = (busy.Host, busy.ActiveRunId);
        var root = new RootCommand { RunCommands.Create() };

        // Under a minute: before refusals were kept, the wait gave up only after a minute without an answer, so
        // this timeout would have thrown instead.
        var exit = await root.Parse(["run", "reviews", "--wait", "--timeout", "00:00:50", "--json",
            "--api", host.BaseAddress.ToString(), "--token", TestTokens.For("olga", ["operator"])]).InvokeAsync();

        exit.Should().Be(1, "the run was refused");
        host.Log.All<RunRefused>().Should().ContainSingle().Which.ActiveRunId.Should().Be(active);
        host.Log.All<RunCompleted>().Should().BeEmpty("the refusal came while the active run still held the source");
        await busy.EndAsync();
    }
}
