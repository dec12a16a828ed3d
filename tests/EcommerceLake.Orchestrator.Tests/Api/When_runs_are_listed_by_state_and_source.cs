using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Cli.Operations;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Api;

public class When_runs_are_listed_by_state_and_source(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_list_only_the_runs_in_that_state_of_that_source_in_the_api_cli_and_dashboard()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.Failures["files.products"] = "extract");
        var economics = await host.RequestRunAsync("economics");
        await host.CompletedAsync(economics);
        var files = await host.RequestRunAsync("files");
        await host.FailedAsync(files);
        var both = await host.RequestRunAsync("economics", "files");
        await host.FailedAsync(both);
        var viewer = host.HttpAs("victor", "viewer");

        var failed = await RunIds(viewer, "/runs?state=failed");
        var ofEconomics = await RunIds(viewer, "/runs?source=economics");
        var failedOfEconomics = await RunIds(viewer, "/runs?state=Failed&source=economics");
        var running = await RunIds(viewer, "/runs?state=Running&source=files");
        var cli = (await new OperationsClient(viewer).ListRunsAsync(20, new RunFilter("Completed", "economics"),
            CancellationToken.None)).EnumerateArray().Select(r => r.GetProperty("runId").GetGuid()).ToList();

        failed.Should().BeEquivalentTo([files, both], "the state is read in any letter case");
        ofEconomics.Should().BeEquivalentTo([economics, both]);
        failedOfEconomics.Should().Equal(both);
        running.Should().BeEmpty();
        cli.Should().Equal(economics);

        var page = await viewer.GetStringAsync("/dashboard/runs?state=Failed&source=economics");
        page.Should().Contain($"data-run=\"{both}\"").And.NotContain($"data-run=\"{files}\"")
            .And.NotContain($"data-run=\"{economics}\"")
            .And.Contain("hx-get=\"/dashboard/fragments/runs?limit=50&amp;state=Failed&amp;source=economics\"",
                "the table's refresh keeps the filter")
            .And.Contain("<option value=\"Failed\" selected>").And.Contain("<option value=\"economics\" selected>");
        var fragment = await viewer.GetStringAsync("/dashboard/fragments/runs?state=Completed");
        fragment.Should().Contain($"data-run=\"{economics}\"").And.NotContain($"data-run=\"{both}\"");
    }

    [Fact]
    public async Task Should_refuse_an_unknown_state_or_source_and_name_the_values_it_takes()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var viewer = host.HttpAs("victor", "viewer");
        var root = new RootCommand { RunCommands.CreateList() };

        using var answer = await viewer.GetAsync("/runs?state=Done&source=crm");
        var exit = await root.Parse(["runs", "--state", "Done", "--api", host.BaseAddress.ToString(),
            "--token", TestTokens.For("victor", ["viewer"])]).InvokeAsync();
        var page = await viewer.GetStringAsync("/dashboard/runs?state=Done");

        answer.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("state")[0].GetString().Should()
            .Be("'Done' is not a run state. States: Running, BuildingMarts, Completed, Failed.");
        errors.GetProperty("source")[0].GetString().Should().StartWith("'crm' is not a source. Sources: ")
            .And.Contain("economics").And.Contain("marketplace");
        exit.Should().Be(1, "the API refused the filter (400)");
        page.Should().Contain("&#x27;Done&#x27; is not a run state", "the page says why it shows every run");
    }

    private static async Task<List<Guid>> RunIds(HttpClient http, string path) =>
        (await http.GetFromJsonAsync<JsonElement>(path)).EnumerateArray()
            .Select(r => r.GetProperty("runId").GetGuid()).ToList();
}
