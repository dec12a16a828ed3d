using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Schemas;

/// <summary>
/// The schema drift extractions report in <see cref="StreamExtracted.SchemaDrift"/>: recorded per stream, served by
/// <c>GET /schema-drift</c>, raised once per drift while it lasts as a <c>schema-drift</c> warning, cleared when the
/// source matches its spec again, and raised again when it comes back.
/// </summary>
public sealed class When_a_source_drifts_from_its_spec(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    private static readonly SchemaDrift PhoneAdded = new() { Added = ["seller_phone"], Missing = [] };

    [Fact]
    public async Task Should_raise_one_warning_per_drift_and_clear_it_when_the_source_matches_again()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output, s => s.Drift["files.sellers"] = PhoneAdded);

        var first = await host.RequestRunAsync("files");
        await host.CompletedAsync(first);
        await WaitForDriftOfAsync(host, first, "sellers");
        var second = await host.RequestRunAsync("files");
        await host.CompletedAsync(second);
        await WaitForDriftOfAsync(host, second, "sellers");

        var alert = host.Log.All<AlertRaised>(a => a.Kind == AlertKind.SchemaDrift).Should().ContainSingle(
            "the same drift seen again raises nothing more").Which;
        alert.Should().Match<AlertRaised>(a => a.Severity == AlertSeverity.Warning && a.RunId == first
            && a.Source == "files" && a.Stream == "sellers");
        alert.Message.Should().StartWith($"Run {first}: the source of files.sellers offers seller_phone that the spec "
            + "does not read (their values are not landed until the spec names them)");
        var drifting = await host.Http.GetFromJsonAsync<JsonElement>("/schema-drift?drifting=true");
        var row = drifting.EnumerateArray().Should().ContainSingle().Which;
        row.GetProperty("stream").GetString().Should().Be("sellers");
        row.GetProperty("added").EnumerateArray().Select(c => c.GetString()).Should().Equal("seller_phone");
        row.GetProperty("runId").GetGuid().Should().Be(second);
        var all = await host.Http.GetFromJsonAsync<JsonElement>("/schema-drift?source=files");
        all.GetArrayLength().Should().Be(1, "only the streams whose extraction reported columns are listed");

        host.Scenario.Drift["files.sellers"] = new SchemaDrift { Added = [], Missing = [] };
        var third = await host.RequestRunAsync("files");
        await host.CompletedAsync(third);

        var cleared = await host.Log.WaitForOneAsync<AlertCleared>(c => c.Kind == AlertKind.SchemaDrift);
        await WaitForDriftOfAsync(host, third, "sellers"); // AlertCleared is published before the clearing commits
        cleared.Message.Should().Be($"The source of files.sellers matches the spec (run {third}).");
        cleared.RaisedAt.Should().BeCloseTo(alert.RaisedAt, TimeSpan.FromMilliseconds(1), "PostgreSQL keeps µs");
        (await host.Http.GetFromJsonAsync<JsonElement>("/schema-drift?drifting=true")).GetArrayLength().Should()
            .Be(0);
        (await host.ScalarAsync<long>(
                "SELECT count(*) FROM orchestrator.alerts WHERE kind = 'schema-drift' AND cleared_at IS NOT NULL"))
            .Should().Be(1);

        host.Scenario.Drift["files.sellers"] = PhoneAdded;
        var fourth = await host.RequestRunAsync("files");
        await host.CompletedAsync(fourth);

        (await host.Log.WaitForAsync<AlertRaised>(a => a.Kind == AlertKind.SchemaDrift, count: 2))[1].RunId.Should()
            .Be(fourth, "the same drift coming back after the source matched is raised again");
    }

    [Fact]
    public async Task Should_raise_a_new_warning_when_the_drift_changes()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output, s => s.Drift["files.sellers"] = PhoneAdded);
        var first = await host.RequestRunAsync("files");
        await host.CompletedAsync(first);
        await WaitForDriftOfAsync(host, first, "sellers");

        host.Scenario.Drift["files.sellers"] = new SchemaDrift { Added = ["seller_phone"], Missing = ["seller_city"] };
        var second = await host.RequestRunAsync("files");
        await host.CompletedAsync(second);

        var raised = await host.Log.WaitForAsync<AlertRaised>(a => a.Kind == AlertKind.SchemaDrift, count: 2);
        raised[1].Message.Should().Contain("offers seller_phone that the spec does not read; lacks seller_city");
        (await host.Log.WaitForOneAsync<AlertCleared>(c => c.Kind == AlertKind.SchemaDrift)).Message.Should()
            .Contain("lacks seller_city", "the first drift's alert is cleared by the second");
    }

    [Fact]
    public async Task Should_keep_a_later_runs_observation_when_an_earlier_extraction_is_redelivered()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output, s => s.Drift["files.sellers"] = PhoneAdded);
        var first = await host.RequestRunAsync("files");
        await host.CompletedAsync(first);
        var late = (StreamExtracted)(await WaitForDriftOfAsync(host, first, "sellers")).Message;
        host.Scenario.Drift["files.sellers"] = new SchemaDrift { Added = [], Missing = [] };
        var second = await host.RequestRunAsync("files");
        await host.CompletedAsync(second);
        await host.Log.WaitForOneAsync<AlertCleared>(c => c.Kind == AlertKind.SchemaDrift);

        await host.PublishAndWaitAsync(late, "schema-drift");

        var row = (await host.Http.GetFromJsonAsync<JsonElement>("/schema-drift?source=files")).EnumerateArray()
            .Should().ContainSingle().Which;
        row.GetProperty("runId").GetGuid().Should().Be(second, "the first run's extraction is older");
        row.GetProperty("added").GetArrayLength().Should().Be(0);
        host.Log.All<AlertRaised>(a => a.Kind == AlertKind.SchemaDrift).Should().ContainSingle(
            "a late redelivery raises no drift the source no longer has");
    }

    [Fact]
    public async Task Should_refuse_the_drift_to_anonymous_callers()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"),
            output);

        (await host.Anonymous().GetAsync("/schema-drift")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static async Task<EndpointConsumed> WaitForDriftOfAsync(OrchestratorTestHost host, Guid runId,
        string stream)
    {
        var consumed = await host.EndpointConsumedAsync<StreamExtracted>("schema-drift",
            e => e.RunId == runId && e.Stream == stream);
        return consumed[0];
    }
}
