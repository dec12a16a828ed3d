using System.Text.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace EcommerceLake.Cli.Tests.Operations;

/// <summary><c>lake run --wait</c> and <c>lake run show</c> for a request admission refused: the API answers
/// <c>GET /runs/{id}</c> with a run whose state is <c>Refused</c> (see the orchestrator's <c>RunDetails</c>).</summary>
public sealed class When_a_run_is_refused
{
    private const string RunId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string ActiveRunId = "065d0000-0bd0-91b7-12c2-08df531b3a59";
    private const string Reason = $"Source 'reviews' already has an active run {ActiveRunId}; try again when it has "
        + "ended.";

    private static readonly object Refused = new
    {
        run = new
        {
            runId = RunId, state = "Refused", sources = new[] { "reviews" }, trigger = "api",
            requestedBy = "local:operator", forceFull = false, createdAt = "2026-12-05T15:53:05Z",
            completedAt = "2026-12-05T15:53:05Z", durationSeconds = 0.0, streams = 0, streamsLoaded = 0,
            streamsFailed = 0, streamsPaused = 0, marts = "Skipped", error = Reason,
            traceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        },
        streams = Array.Empty<object>(),
        marts = new { status = "Skipped" },
        activeRunId = ActiveRunId,
    };

    [Fact]
    public async Task Should_stop_waiting_at_once_and_say_why_and_which_run_holds_the_source()
    {
        await using var api = await RecordingApi.StartAsync(async (request, response) =>
        {
            if (request.Method == "POST")
            {
                response.StatusCode = StatusCodes.Status202Accepted;
                await response.WriteAsJsonAsync(new { runId = RunId });
            }
            else await response.WriteAsJsonAsync(Refused);
        });

        var result = await LakeProcess.RunAsync(["run", "reviews", "--wait", "--api", api.Url]);

        result.ExitCode.Should().Be(1, "the run did not complete");
        result.Output.Should().Contain($"Run {RunId} Refused").And.Contain(Reason)
            .And.Contain($"Follow the active run: lake run show {ActiveRunId}")
            .And.NotContain("within a minute").And.NotContain("Stream", "a refused run has no streams table");
        api.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").Should().Equal("POST /runs", $"GET /runs/{RunId}");
    }

    [Fact]
    public async Task Should_show_the_refusal_and_keep_it_in_the_json()
    {
        await using var api = await RecordingApi.StartAsync(async (_, response) =>
            await response.WriteAsJsonAsync(Refused));

        var shown = await LakeProcess.RunAsync(["run", "show", RunId, "--api", api.Url]);
        var json = await LakeProcess.RunAsync(["run", "show", RunId, "--json", "--api", api.Url]);

        shown.ExitCode.Should().Be(0, shown.Error);
        shown.Output.Should().Contain("Refused").And.Contain(Reason);
        var details = JsonDocument.Parse(json.Output).RootElement;
        details.GetProperty("run").GetProperty("state").GetString().Should().Be("Refused");
        details.GetProperty("activeRunId").GetString().Should().Be(ActiveRunId);
    }
}
