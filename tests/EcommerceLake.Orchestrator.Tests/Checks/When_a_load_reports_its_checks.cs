using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Checks;

/// <summary>
/// The outcomes of the data-quality checks a load reports in <see cref="StreamLoaded.Checks"/>: recorded once per run,
/// stream and check, served by <c>GET /checks</c> and <c>GET /runs/{id}/checks</c>, a failing one raised once as a
/// <c>check-failed</c> warning naming the marts the stream feeds; those of a load an <c>error</c> check failed
/// (<see cref="StreamLoadFailed.Checks"/>) recorded the same way.
/// </summary>
public sealed class When_a_load_reports_its_checks(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    private static CheckOutcome Outcome(string name, long failing, params string[] sample) => new()
    {
        Name = name,
        Assertion = name == "score_1_to_5" ? "review_score between 1 and 5" : "review_id is not null",
        Severity = name == "score_1_to_5" ? CheckSeverity.Error : CheckSeverity.Warn,
        CheckedRows = 40,
        FailingRows = failing,
        SampleKeys = sample,
    };

    [Fact]
    public async Task Should_record_them_and_raise_one_warning_per_failing_check()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output, s => s.Checks["reviews.order_reviews"] =
                [Outcome("score_1_to_5", 0), Outcome("review_present", 3, "r1", "r2", "r3")]);

        var runId = await host.RequestRunAsync("reviews");
        await host.CompletedAsync(runId);

        var alert = await host.Log.WaitForOneAsync<AlertRaised>(a => a.Kind == AlertKind.CheckFailed);
        alert.Should().Match<AlertRaised>(a => a.Severity == AlertSeverity.Warning && a.RunId == runId
            && a.Source == "reviews" && a.Stream == "order_reviews");
        alert.Message.Should().Be($"Run {runId}: reviews.order_reviews loaded rows that fail its check "
            + "'review_present' (review_id is not null): 3 of 40 rows, e.g. r1, r2, r3; feeds marts.review_words, "
            + "marts.review_word_counts (lake lineage)");
        var latest = await host.Http.GetFromJsonAsync<JsonElement>("/checks?source=reviews");
        latest.EnumerateArray().Select(c => (c.GetProperty("check").GetString(),
                c.GetProperty("failingRows").GetInt64(), c.GetProperty("severity").GetString()))
            .Should().Equal(("review_present", 3L, "warn"), ("score_1_to_5", 0L, "error"));
        var failing = await host.Http.GetFromJsonAsync<JsonElement>("/checks?failing=true");
        failing.EnumerateArray().Single().GetProperty("sampleKeys").EnumerateArray().Select(k => k.GetString())
            .Should().Equal("r1", "r2", "r3");
        var ofRun = await host.Http.GetFromJsonAsync<JsonElement>($"/runs/{runId}/checks");
        ofRun.GetArrayLength().Should().Be(2);
        await host.EndpointConsumedAsync<StreamLoaded>("check-results", l => l.RunId == runId);
        (await host.ScalarAsync<long>("SELECT count(*) FROM orchestrator.alerts WHERE kind = 'check-failed'"))
            .Should().Be(1);
    }

    [Fact]
    public async Task Should_record_a_redelivered_load_once_and_show_the_latest_run_per_check()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output, s => s.Checks["reviews.order_reviews"] = [Outcome("review_present", 2, "r1", "r2")]);
        var first = await host.RequestRunAsync("reviews");
        await host.CompletedAsync(first);
        var loaded = FakeWarehouse.Loaded(new LoadStream
        {
            RunId = first, Source = "reviews", Stream = "order_reviews", RawBatchUri = "raw/x", IsFullSnapshot = false,
        }) with { Checks = host.Scenario.Checks["reviews.order_reviews"] };

        await host.Bus.Publish(loaded);
        await host.EndpointConsumedAsync<StreamLoaded>("check-results", l => l.RunId == first, count: 2);
        host.Scenario.Checks["reviews.order_reviews"] = [Outcome("review_present", 0)];
        var second = await host.RequestRunAsync("reviews");
        await host.CompletedAsync(second);
        await host.EndpointConsumedAsync<StreamLoaded>("check-results", l => l.RunId == second);

        (await host.ScalarAsync<long>("SELECT count(*) FROM orchestrator.check_results")).Should().Be(2);
        var latest = await host.Http.GetFromJsonAsync<JsonElement>("/checks");
        latest.EnumerateArray().Single().GetProperty("runId").GetGuid().Should().Be(second);
        (await host.Http.GetFromJsonAsync<JsonElement>("/checks?failing=true")).GetArrayLength().Should().Be(0,
            "the check passed on the latest load");
        (await host.ScalarAsync<long>("SELECT count(*) FROM orchestrator.alerts WHERE kind = 'check-failed'"))
            .Should().Be(1, "the redelivered event raised nothing more");
    }

    [Fact]
    public async Task Should_record_the_checks_of_a_load_an_error_check_failed_without_a_warning_of_their_own()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output, s =>
            {
                s.Checks["reviews.order_reviews"] =
                    [Outcome("score_1_to_5", 2, "r7", "r9"), Outcome("review_present", 0)];
                s.Failures["reviews.order_reviews"] = "load";
            });

        var runId = await host.RequestRunAsync("reviews");
        await host.FailedAsync(runId);
        await host.EndpointConsumedAsync<StreamLoadFailed>("check-results", f => f.RunId == runId);

        var failing = await host.Http.GetFromJsonAsync<JsonElement>("/checks?failing=true");
        failing.EnumerateArray().Select(c => (c.GetProperty("check").GetString(),
                c.GetProperty("severity").GetString(), c.GetProperty("failingRows").GetInt64()))
            .Should().Equal([("score_1_to_5", "error", 2L)], "the failed load's outcome is the check's latest");
        (await host.Http.GetFromJsonAsync<JsonElement>($"/runs/{runId}/checks")).GetArrayLength().Should().Be(2);
        await host.Log.WaitForOneAsync<AlertRaised>(a => a.Kind == AlertKind.StepFailed && a.RunId == runId);
        host.Log.All<AlertRaised>(a => a.Kind == AlertKind.CheckFailed).Should()
            .BeEmpty("the step-failed alert reports the load that the check failed");
    }

    [Fact]
    public async Task Should_refuse_the_checks_to_anonymous_callers()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output);

        (await host.Anonymous().GetAsync("/checks")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
