using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using EcommerceLake.Cli.Operations;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_a_run_is_cancelled(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_end_failed_with_its_leases_released_and_unfinished_offsets_kept()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.Unanswered["files.products.extract"] = int.MaxValue);
        var runId = await host.RequestRunAsync("files");
        await host.Log.WaitForOneAsync<ExtractStream>(m => m.RunId == runId && m.Stream == "products");

        var refused = await host.Http.PostAsJsonAsync($"/runs/{runId}/cancel", new { requestedBy = "alice" });
        using var viewer = host.HttpAs("victor", "viewer");
        var forbidden = await viewer.PostAsJsonAsync($"/runs/{runId}/cancel", new { reason = "not mine to cancel" });
        var accepted = await host.Http.PostAsJsonAsync($"/runs/{runId}/cancel",
            new { requestedBy = "mallory", reason = "the partner resent the files" });
        var failed = await host.FailedAsync(runId);
        var late = await host.Http.PostAsJsonAsync($"/runs/{runId}/cancel", new { requestedBy = "bob", reason = "x" });
        var unknown = await host.Http.PostAsJsonAsync($"/runs/{Guid.NewGuid()}/cancel",
            new { requestedBy = "bob", reason = "x" });

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a cancel must say why");
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a viewer cannot cancel");
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        late.StatusCode.Should().Be(HttpStatusCode.Conflict);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        failed.Reason.Should().Be("The run was cancelled by alice: the partner resent the files");
        var products = (await host.RunAsync(runId)).Streams.Single(s => s.Stream == "products");
        products.Status.Should().Be(StreamRunStatus.Failed);
        products.FailureKind.Should().Be(FailureKind.Cancelled);
        products.OffsetCommittedAt.Should().BeNull();
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty();
        (await host.Log.WaitForOneAsync<DeleteCluster>(m => m.RunId == runId)).Outcome.Should().Be(RunOutcome.Failed);
    }

    [Fact]
    public async Task Should_be_cancelled_from_the_command_line()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.Unanswered["reviews.order_reviews.extract"] = int.MaxValue);
        var runId = await host.RequestRunAsync("reviews");
        await host.Log.WaitForOneAsync<ExtractStream>(m => m.RunId == runId);
        var command = new RootCommand { RunCommands.Create() };
        string[] Args(Guid id) =>
            ["run", "cancel", id.ToString(), "--reason", "stuck", "--token", TestTokens.For("carol", ["operator"]),
                "--api", host.BaseAddress.ToString()];

        var printed = new StringWriter();
        var exit = await command.Parse(Args(runId))
            .InvokeAsync(new InvocationConfiguration { Output = printed, Error = printed });
        exit.Should().Be(0, printed.ToString());
        var failed = await host.FailedAsync(runId);
        var unknown = await command.Parse(Args(Guid.NewGuid())).InvokeAsync();

        exit.Should().Be(0);
        failed.Reason.Should().Be("The run was cancelled by carol: stuck");
        unknown.Should().Be(1);
    }
}
