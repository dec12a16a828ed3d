using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Admission;

/// <summary>
/// A run narrowed to some streams (<see cref="RequestRun.Streams"/>, <c>source.stream</c> keys in <c>POST /runs</c>):
/// only those streams are extracted, processed and loaded, only their offsets move, the source is still leased, and
/// the selection is kept with the run; a selection that does not hold is refused and names why.
/// </summary>
public sealed class When_a_run_names_streams(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_run_only_those_streams_and_move_only_their_offsets()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output);
        var first = await host.RequestRunAsync("files");
        await host.CompletedAsync(first);

        using var operatorClient = host.HttpAs("olivia", "operator");
        var response = await operatorClient.PostAsJsonAsync("/runs", new { sources = new[] { " files.sellers " } });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        started.GetProperty("sources").EnumerateArray().Select(s => s.GetString()).Should().Equal("files");
        started.GetProperty("streams").EnumerateArray().Select(s => s.GetString()).Should().Equal("files.sellers");
        var runId = started.GetProperty("runId").GetGuid();
        (await host.AcceptedAsync(runId)).Streams.Should().Equal("files.sellers");
        await host.CompletedAsync(runId);

        var run = await host.RunAsync(runId);
        run.Streams.Select(s => $"{s.Source}.{s.Stream}").Should().Equal("files.sellers");
        run.Run.SelectedStreams.Should().Equal("files.sellers");
        host.Log.All<ExtractStream>(m => m.RunId == runId).Select(m => m.Stream).Should().Equal("sellers");
        var offsets = await host.Queries.ListOffsetsAsync(CancellationToken.None);
        offsets.Should().ContainSingle(o => o.RunId == runId).Which.Stream.Should().Be("sellers");
        offsets.Where(o => o.Stream != "sellers").Should().OnlyContain(o => o.RunId == first,
            "the streams the run left out keep the offsets the first run committed");
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty();
        var listed = await host.Http.GetFromJsonAsync<JsonElement>($"/runs/{runId}");
        listed.GetProperty("run").GetProperty("selectedStreams").EnumerateArray().Select(s => s.GetString())
            .Should().Equal("files.sellers");
        (await host.Http.GetFromJsonAsync<JsonElement>($"/runs/{first}")).GetProperty("run")
            .GetProperty("selectedStreams").ValueKind.Should().Be(JsonValueKind.Null, "the first run took them all");
    }

    [Fact]
    public async Task Should_offer_to_run_the_failed_streams_of_a_run_alone_and_carry_them_into_trusted()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output, s => s.Failures["files.products"] = "load");
        var failed = await host.RequestRunAsync("files");
        await host.FailedAsync(failed);

        var page = await host.Http.GetStringAsync($"/dashboard/fragments/runs/{failed}");
        page.Should().Contain("data-testid=\"run-failed-again\"")
            .And.Contain("<input type=\"hidden\" name=\"sources\" value=\"files.products\">")
            .And.Contain("Run files.products again</button>");
        host.Scenario.Failures.TryRemove("files.products", out _);
        using var operatorClient = host.HttpAs("olivia", "operator");
        var response = await operatorClient.PostAsJsonAsync("/runs", new { sources = new[] { "files.products" } });
        var again = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();
        await host.CompletedAsync(again);

        (await host.RunAsync(again)).Streams.Should().ContainSingle().Which.Status.Should()
            .Be(StreamRunStatus.Loaded);
        (await host.Queries.ListOffsetsAsync(CancellationToken.None)).Select(o => (o.Stream, o.RunId)).Should()
            .BeEquivalentTo([("category_translation", failed), ("products", again), ("sellers", failed)]);
        (await host.Http.GetStringAsync($"/dashboard/fragments/runs/{again}")).Should()
            .NotContain("run-failed-again", "nothing failed").And.Contain("<small>Streams</small>");
    }

    [Fact]
    public async Task Should_answer_400_naming_an_unknown_stream()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output);

        var bad = await host.Http.PostAsJsonAsync("/runs", new { sources = new[] { "files.sellers", "files.buyers" } });

        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).Should().Contain("'files.buyers'").And.Contain("source.stream");
        host.Log.All<RequestRun>().Should().BeEmpty();
    }

    [Fact]
    public async Task Should_refuse_a_request_whose_streams_leave_a_source_idle_or_belong_to_none_of_its_sources()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output);
        var idle = Guid.NewGuid();
        var outside = Guid.NewGuid();

        await host.Bus.Publish(Request(idle, ["files", "reviews"], ["files.sellers"]));
        await host.Bus.Publish(Request(outside, ["files"], ["files.sellers", "reviews.order_reviews"]));

        (await host.RefusedAsync(idle)).Reason.Should().Be("Source(s) 'reviews' would run none of their streams.");
        (await host.RefusedAsync(outside)).Reason.Should()
            .StartWith("Stream(s) 'reviews.order_reviews' belong to no source of the run");
        host.Log.All<RunAccepted>().Should().BeEmpty();
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty();
        (await host.RunAsync(idle)).Run.Should().Match<Runs.RunSummary>(r => r.State == "Refused"
            && r.SelectedStreams!.SequenceEqual(new[] { "files.sellers" }), "run again asks for the same streams");
    }

    [Fact]
    public async Task Should_fail_an_accepted_run_whose_streams_the_catalog_does_not_hold()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output);
        var runId = Guid.NewGuid();

        await host.Bus.Publish(new RunAccepted
        {
            RunId = runId,
            Sources = ["files"],
            Streams = ["files.buyers"],
            Trigger = RunTrigger.Api,
            RequestedBy = "tests",
            ForceFull = false,
            AcceptedAt = DateTimeOffset.UtcNow,
        });

        (await host.FailedAsync(runId)).Reason.Should().Contain("'files.buyers'");
        (await host.RunAsync(runId)).Marts.Status.Should().Be(MartsStatus.Skipped);
        host.Log.All<ExtractStream>().Should().BeEmpty();
    }

    private static RequestRun Request(Guid runId, string[] sources, string[] streams) => new()
    {
        RunId = runId,
        Sources = sources,
        Streams = streams,
        Trigger = RunTrigger.Api,
        RequestedBy = "tests",
    };
}
