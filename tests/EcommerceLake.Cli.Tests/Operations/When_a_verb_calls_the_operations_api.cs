using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using EcommerceLake.Cli.Operations;
using FluentAssertions;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace EcommerceLake.Cli.Tests.Operations;

/// <summary>The CLI's verbs parsed and invoked as <c>lake</c> does, against a recording stand-in for the API.</summary>
public sealed class When_a_verb_calls_the_operations_api
{
    private static readonly Guid RunId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    private static Task<int> InvokeAsync(params string[] args)
    {
        var root = new RootCommand("lake")
        {
            RunCommands.Create(), RunCommands.CreateList(), OffsetCommands.Create(), StreamCommands.Create(),
            AlertCommands.Create(), CheckCommands.Create(), ScheduleCommands.Create(), LineageCommands.Create(),
            DriftCommands.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }

    private static Task<RecordingApi> AnsweringAsync(int status, object? body = null) =>
        RecordingApi.StartAsync(async (_, response) =>
        {
            response.StatusCode = status;
            if (body is not null) await response.WriteAsJsonAsync(body);
        });

    [Fact]
    public async Task Should_request_a_run_of_the_named_sources_with_the_bearer_token()
    {
        await using var api = await AnsweringAsync(202, new { runId = RunId });

        var exit = await InvokeAsync("run", "files", "reviews.order_reviews", "--full", "--api", api.Url, "--token",
            "t0k3n");

        exit.Should().Be(0);
        var request = api.Requests.Should().ContainSingle().Which;
        request.Should().Match<RecordedRequest>(r => r.Method == "POST" && r.PathAndQuery == "/runs"
            && r.Authorization == "Bearer t0k3n" && r.ApiKey == "");
        var body = JsonDocument.Parse(request.Body).RootElement;
        body.GetProperty("sources").EnumerateArray().Select(s => s.GetString()).Should()
            .Equal("files", "reviews.order_reviews");
        body.GetProperty("forceFull").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_run_again_the_sources_or_streams_of_an_earlier_run_with_its_full_snapshot_choice(
        bool narrowed)
    {
        var again = Guid.Parse("5b7c1c1e-9f4e-4f5d-8a3a-0d1f2e3c4b5a");
        await using var api = await RecordingApi.StartAsync(async (request, response) =>
        {
            if (request.Method == "GET")
                await response.WriteAsJsonAsync(new
                {
                    run = new
                    {
                        runId = RunId, state = "Failed", sources = new[] { "files", "reviews" }, forceFull = true,
                        selectedStreams = narrowed ? new[] { "files.sellers", "reviews.order_reviews" } : null,
                    },
                });
            else
            {
                response.StatusCode = 202;
                await response.WriteAsJsonAsync(new { runId = again });
            }
        });

        var exit = await InvokeAsync("run", "again", RunId.ToString(), "--api", api.Url, "--token", "t0k3n");

        exit.Should().Be(0);
        api.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").Should().Equal($"GET /runs/{RunId}", "POST /runs");
        var body = JsonDocument.Parse(api.Requests.ElementAt(1).Body).RootElement;
        body.GetProperty("sources").EnumerateArray().Select(s => s.GetString()).Should().Equal(narrowed
            ? ["files.sellers", "reviews.order_reviews"] : ["files", "reviews"]);
        body.GetProperty("forceFull").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData("Failed", 0)]
    [InlineData("Loaded", 1)]
    public async Task Should_run_again_only_the_failed_streams_and_exit_1_when_none_failed(string status, int exit)
    {
        await using var api = await RecordingApi.StartAsync(async (request, response) =>
        {
            if (request.Method == "GET")
                await response.WriteAsJsonAsync(new
                {
                    run = new { runId = RunId, state = "Failed", sources = new[] { "files" }, forceFull = false },
                    streams = new[]
                    {
                        new { source = "files", stream = "products", status },
                        new { source = "files", stream = "sellers", status = "Loaded" },
                    },
                });
            else
            {
                response.StatusCode = 202;
                await response.WriteAsJsonAsync(new { runId = Guid.NewGuid() });
            }
        });

        (await InvokeAsync("run", "again", RunId.ToString(), "--failed", "--api", api.Url, "--token", "t"))
            .Should().Be(exit);

        if (exit == 1)
            api.Requests.Should().ContainSingle("nothing failed: no run is requested");
        else
            JsonDocument.Parse(api.Requests.ElementAt(1).Body).RootElement.GetProperty("sources").EnumerateArray()
                .Select(s => s.GetString()).Should().Equal("files.products");
    }

    [Fact]
    public async Task Should_send_the_api_key_as_x_api_key_when_no_token_is_given()
    {
        await using var api = await AnsweringAsync(200, Array.Empty<object>());

        (await InvokeAsync("runs", "--api", api.Url, "--api-key", "k3y")).Should().Be(0);

        api.Requests.Should().ContainSingle().Which.Should().Match<RecordedRequest>(
            r => r.ApiKey == "k3y" && r.Authorization == "" && r.PathAndQuery.StartsWith("/runs?limit="));
    }

    [Theory]
    [InlineData(401, 2)]
    [InlineData(403, 2)]
    [InlineData(500, 2)]
    [InlineData(404, 1)]
    [InlineData(409, 1)]
    public async Task Should_exit_2_when_refused_or_failed_and_1_when_the_request_itself_is_refused(int status,
        int exitCode)
    {
        await using var api = await AnsweringAsync(status, new { title = "x", detail = "run is over" });

        (await InvokeAsync("run", "cancel", RunId.ToString(), "--reason", "test", "--api", api.Url, "--token", "t"))
            .Should().Be(exitCode);
    }

    [Fact]
    public async Task Should_exit_1_when_the_run_shown_is_unknown()
    {
        await using var api = await AnsweringAsync(404);

        (await InvokeAsync("run", "show", RunId.ToString(), "--api", api.Url)).Should().Be(1);
        api.Requests.Should().ContainSingle().Which.PathAndQuery.Should().Be($"/runs/{RunId}");
    }

    [Fact]
    public async Task Should_find_a_run_by_the_dashboards_short_id_and_cancel_it()
    {
        var other = Guid.Parse("065d0000-0bd0-91b7-12c2-08df531b3a59");
        await using var api = await RunsEndingWith([other, RunId]);

        (await InvokeAsync("run", "cancel", "728950E", "--reason", "test", "--api", api.Url)).Should().Be(0);

        api.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").Should().Equal(
            "GET /runs/ids?endingWith=728950e", $"POST /runs/{RunId}/cancel");
    }

    [Theory]
    [InlineData("31b3a59", 0)]
    [InlineData("12c2-08df531b3a59", 0)]
    [InlineData("0000000", 1)]
    [InlineData("a59", 1)]
    public async Task Should_show_a_run_by_a_short_id_only_when_exactly_one_run_ends_with_it(string shortId,
        int exitCode)
    {
        // Both ids end in …3a59: three digits are refused before any call, seven name one run, none another.
        var first = Guid.Parse("065d0000-0bd0-91b7-12c2-08df531b3a59");
        var second = Guid.Parse("065d0000-0bd0-91b7-bbb0-08df531c3a59");
        await using var api = await RunsEndingWith([first, second]);

        var exit = await InvokeAsync("run", "show", shortId, "--json", "--api", api.Url);

        exit.Should().Be(exitCode);
        if (exitCode == 0)
            api.Requests.Select(r => r.PathAndQuery).Should().Equal(
                $"/runs/ids?endingWith={shortId.Replace("-", "")}", $"/runs/{first}");
        if (shortId == "a59") api.Requests.Should().BeEmpty("a short id has at least 4 digits");
    }

    [Fact]
    public async Task Should_refuse_a_short_id_that_names_several_runs()
    {
        var first = Guid.Parse("065d0000-0bd0-91b7-12c2-08df531b3a59");
        var second = Guid.Parse("065d0000-0bd0-91b7-bbb0-08df531c3a59");
        await using var api = await RunsEndingWith([first, second]);

        (await InvokeAsync("run", "show", "3a59", "--api", api.Url)).Should().Be(1);

        api.Requests.Should().ContainSingle("no run is shown while the short id is ambiguous");
    }

    /// <summary>A stand-in for the API that knows <paramref name="runs"/>: <c>GET /runs/ids?endingWith=H</c> answers
    /// those whose id ends with H, as the orchestrator does; a run's page answers a completed run; anything else 202.
    /// </summary>
    private static Task<RecordingApi> RunsEndingWith(IReadOnlyList<Guid> runs) =>
        RecordingApi.StartAsync(async (request, response) =>
        {
            const string lookup = "/runs/ids?endingWith=";
            if (request.PathAndQuery.StartsWith(lookup, StringComparison.Ordinal))
                await response.WriteAsJsonAsync(runs.Where(id =>
                    id.ToString("N").EndsWith(request.PathAndQuery[lookup.Length..], StringComparison.Ordinal)));
            else if (request.Method == "GET")
                await response.WriteAsJsonAsync(new { run = new { state = "Completed" } });
            else response.StatusCode = 202;
        });

    [Fact]
    public async Task Should_ask_for_the_alerts_of_a_run()
    {
        await using var api = await AnsweringAsync(200, Array.Empty<object>());

        (await InvokeAsync("alerts", "--run", RunId.ToString(), "--limit", "5", "--api", api.Url)).Should().Be(0);

        api.Requests.Should().ContainSingle().Which.PathAndQuery.Should().Be($"/alerts?limit=5&runId={RunId}");
    }

    [Fact]
    public async Task Should_ask_for_the_failing_checks_of_a_source_and_exit_1_when_one_failed()
    {
        await using var api = await AnsweringAsync(200, new[]
        {
            new
            {
                runId = RunId, source = "marketplace", stream = "order_payments", check = "at_least_one_installment",
                assertion = "payment_installments ≥ 1", severity = "warn", checkedRows = 27055, failingRows = 1,
                sampleKeys = new[] { "1a57108394169c0b47d8f876acc9ba2d|2" }, checkedAt = DateTimeOffset.UnixEpoch,
            },
        });

        (await InvokeAsync("checks", "--source", "marketplace", "--failing", "--api", api.Url)).Should().Be(1);

        api.Requests.Should().ContainSingle().Which.PathAndQuery.Should()
            .Be("/checks?failing=true&source=marketplace");
    }

    [Fact]
    public async Task Should_ask_for_the_drifting_streams_of_a_source_and_exit_1_when_one_drifts()
    {
        await using var api = await AnsweringAsync(200, new[]
        {
            new
            {
                source = "files", stream = "sellers", added = new[] { "seller_phone" }, missing = Array.Empty<string>(),
                runId = RunId, observedAt = DateTimeOffset.UnixEpoch, driftingSince = DateTimeOffset.UnixEpoch,
            },
        });

        (await InvokeAsync("drift", "--source", "files", "--api", api.Url)).Should().Be(1);

        api.Requests.Should().ContainSingle().Which.PathAndQuery.Should()
            .Be("/schema-drift?drifting=true&source=files");
    }

    [Fact]
    public async Task Should_list_every_stream_with_all_and_exit_0_when_none_drifts()
    {
        await using var api = await AnsweringAsync(200, new[]
        {
            new
            {
                source = "files", stream = "sellers", added = Array.Empty<string>(), missing = Array.Empty<string>(),
                runId = RunId, observedAt = DateTimeOffset.UnixEpoch, driftingSince = (DateTimeOffset?)null,
            },
        });

        (await InvokeAsync("drift", "--all", "--api", api.Url)).Should().Be(0);

        api.Requests.Should().ContainSingle().Which.PathAndQuery.Should().Be("/schema-drift?drifting=false");
    }

    [Fact]
    public async Task Should_ask_for_the_checks_of_a_run_and_exit_0_when_all_passed()
    {
        await using var api = await AnsweringAsync(200, new[]
        {
            new
            {
                runId = RunId, source = "reviews", stream = "order_reviews", check = "score_1_to_5",
                assertion = "review_score between 1 and 5", severity = "error", checkedRows = 40, failingRows = 0,
                sampleKeys = Array.Empty<string>(), checkedAt = DateTimeOffset.UnixEpoch,
            },
        });

        (await InvokeAsync("checks", "--run", RunId.ToString(), "--api", api.Url)).Should().Be(0);

        api.Requests.Should().ContainSingle().Which.PathAndQuery.Should().Be($"/runs/{RunId}/checks");
    }

    [Fact]
    public async Task Should_ask_for_the_schedules()
    {
        await using var api = await AnsweringAsync(200, new[]
        {
            new { source = "files", kind = "Cron", expression = "0 2 * * *", timeZone = "UTC", lastTicks = 3 },
        });

        (await InvokeAsync("schedules", "--api", api.Url, "--api-key", "k3y")).Should().Be(0);

        api.Requests.Should().ContainSingle().Which.PathAndQuery.Should().Be("/schedules");
    }

    [Fact]
    public async Task Should_ask_for_the_lineage_and_print_a_graph_with_tables_never_counted()
    {
        await using var api = await AnsweringAsync(200, new
        {
            measuredAt = "2026-12-06T08:00:00Z",
            nodes = new object[]
            {
                new
                {
                    id = "stream:files.products", kind = "Stream", name = "files.products",
                    table = "trusted.files_products", health = "Stale", detail = "No data for 2 days",
                    lastAt = "2026-12-04T08:00:00Z", rows = 12, upstream = Array.Empty<string>(),
                    upstreamHealth = "Stale",
                    schemaDrift = new { added = new[] { "product_color" }, missing = Array.Empty<string>() },
                },
                new
                {
                    id = "marts:order_lines", kind = "Fact", name = "order_lines", table = "marts.order_lines",
                    chain = "orders", health = "Healthy", detail = "Built in 1.2 s", lastAt = (string?)null,
                    rows = (long?)null, upstream = new[] { "files.products" }, upstreamHealth = "Stale",
                },
            },
            edges = new[] { new { from = "stream:files.products", to = "marts:order_lines" } },
        });

        (await InvokeAsync("lineage", "--api", api.Url, "--api-key", "k3y")).Should().Be(0);

        api.Requests.Should().ContainSingle().Which.PathAndQuery.Should().Be("/lineage");
    }

    [Fact]
    public async Task Should_exit_2_when_nothing_answers_at_the_api()
    {
        var unused = FreeLoopbackPort();

        (await InvokeAsync("offsets", "--api", $"http://127.0.0.1:{unused}/")).Should().Be(2);
    }

    [Fact]
    public async Task Should_refuse_an_api_that_is_not_an_absolute_url_before_calling_anything()
    {
        var root = new RootCommand("lake") { RunCommands.CreateList() };

        var parse = root.Parse(["runs", "--api", "localhost-8080"]);

        parse.Errors.Select(e => e.Message).Should().Contain(m => m.Contains("--api must be an absolute URL"));
        (await parse.InvokeAsync()).Should().NotBe(0);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
