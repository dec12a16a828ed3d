using EcommerceLake.Cli.Tests.Operations;
using FluentAssertions;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace EcommerceLake.Cli.Tests;

/// <summary><c>lake</c> run as a process with its output piped, as a script, <c>| less</c> or a CI log takes it
/// (<see cref="LakeConsole"/>): tables come out as plain text, without terminal escape codes, wide enough that a run
/// id stays on one line, and with durations and offsets people read at a glance.</summary>
public sealed class When_the_output_is_redirected
{
    private const string RunId = "0f8fad5b-d9cb-469f-a165-70867728950e";

    [Fact]
    public async Task Should_print_the_runs_table_without_escape_codes_or_wrapping()
    {
        await using var api = await RecordingApi.StartAsync(async (_, response) =>
            await response.WriteAsJsonAsync(new[]
            {
                new
                {
                    runId = RunId, state = "Completed", trigger = "api", requestedBy = "local:operator",
                    createdAt = "2026-12-05T15:53:05Z", durationSeconds = 7.5, streamsLoaded = 13, streams = 13,
                    streamsFailed = 0,
                },
            }));

        var output = await LakeAsync("runs", "--api", api.Url);

        output.Should().NotContain("\u001b", "escape codes are for terminals, not for pipes");
        output.Split('\n').Should().Contain(line => line.Contains(RunId) && line.Contains("Completed")
            && line.Contains("local:operator") && line.Contains("13/13"));
    }

    [Fact]
    public async Task Should_ask_for_runs_of_a_state_and_a_source_and_say_when_none_matches()
    {
        await using var api = await RecordingApi.StartAsync(async (_, response) =>
            await response.WriteAsJsonAsync(Array.Empty<object>()));

        var output = await LakeAsync("runs", "--state", "Failed", "--source", "files", "--api", api.Url);

        api.Requests.Should().ContainSingle().Which.PathAndQuery.Should()
            .Be("/runs?limit=20&state=Failed&source=files");
        output.Trim().Should().Be("No run matches the filter.");
    }

    [Fact]
    public async Task Should_print_ages_lags_and_cadences_for_people()
    {
        await using var api = await RecordingApi.StartAsync(async (_, response) =>
            await response.WriteAsJsonAsync(new[]
            {
                new
                {
                    source = "files", stream = "sellers", paused = false, forceFull = false,
                    freshness = new
                    {
                        state = "Stale", ageSeconds = 97_500.0, lagSeconds = 3_900.0, expectedEverySeconds = 93_600.0,
                    },
                },
            }));

        var output = await LakeAsync("stream", "list", "--api", api.Url);

        output.Split('\n').Should().Contain(line => line.Contains("files.sellers") && line.Contains("Stale")
            && line.Contains("27 h 05 min") && line.Contains("1 h 05 min") && line.Contains("26 h 00 min"));
    }

    [Fact]
    public async Task Should_print_offsets_as_name_and_value_and_whole_as_jq_reads_them()
    {
        const string files = "{\"files\":[{\"name\":\"olist_sellers_dataset.csv\",\"size\":174703,"
            + "\"modifiedUtc\":\"2026-12-05T22:00:07Z\",\"sequence\":1796508007}],\"lastSequence\":1796508007}";
        await using var api = await RecordingApi.StartAsync(async (_, response) =>
            await response.WriteAsJsonAsync(new[]
            {
                new { source = "files", stream = "sellers", offset = files, committedAt = "2026-12-05T22:00:54+00:00",
                    runId = RunId },
            }));

        var output = await LakeAsync("offsets", "--api", api.Url);

        output.Split('\n').Should().Contain(line => line.Contains("files.sellers")
            && line.Contains("files: 1 entry · lastSequence: 1796508007") && line.Contains(RunId));
        output.Should().NotContain("olist_sellers_dataset.csv", "the whole offset is what --json is for");

        var json = await LakeAsync("offsets", "--json", "--api", api.Url);

        json.Should().Contain("\"offset\": \"{\\\"files\\\":[{\\\"name\\\":\\\"olist_sellers_dataset.csv\\\"",
            "a quote inside a string is escaped as \\\" (as jq -r reads it), not \\u0022");
        json.Should().Contain("\"committedAt\": \"2026-12-05T22:00:54+00:00\"");
    }

    [Fact]
    public async Task Should_print_an_alert_on_one_line_and_say_when_there_is_none()
    {
        var alerts = new[]
        {
            new
            {
                id = 7, key = "stale-source:files.sellers", kind = "stale-source", severity = "warning",
                runId = (string?)null, source = "files", stream = "sellers",
                message = "files.sellers: no data for 27 h (expected every 26 h)", raisedAt = "2026-12-05T21:00:00Z",
                clearedAt = "2026-12-05T22:00:00Z",
            },
        };
        var answered = 0;
        await using var api = await RecordingApi.StartAsync(async (_, response) =>
            await response.WriteAsJsonAsync(Interlocked.Increment(ref answered) == 1 ? alerts : []));

        var output = await LakeAsync("alerts", "--api", api.Url);
        var none = await LakeAsync("alerts", "--api", api.Url);

        output.Split('\n').Should().Contain(line => line.Contains("2026-12-05 21:00:00Z") && line.Contains("warning")
            && line.Contains("stale-source") && line.Contains("files.sellers")
            && line.Contains("no data for 27 h (expected every 26 h)") && line.Contains("2026-12-05 22:00:00Z"));
        none.Trim().Should().Be("No alerts.");
    }

    /// <summary>Runs <c>lake</c> with <paramref name="args"/>, its output piped, and returns what it printed; fails
    /// the test on a non-zero exit.</summary>
    private static async Task<string> LakeAsync(params string[] args)
    {
        var result = await LakeProcess.RunAsync(args);
        result.ExitCode.Should().Be(0, result.Error);
        return result.Output;
    }
}
