using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Cli.Operations;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Lineage;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Lineage;

/// <summary><c>GET /lineage</c> and the dashboard's lineage page, over runs of the fake services.</summary>
public class When_the_lineage_is_read(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_show_each_stream_and_marts_table_as_it_stands_and_what_each_is_computed_from()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.Failures["files.products"] = "extract");
        var economics = await host.RequestRunAsync("economics");
        await host.CompletedAsync(economics);
        var files = await host.RequestRunAsync("files");
        await host.FailedAsync(files);
        using var pause = await host.Http.PostAsJsonAsync("/streams/marketplace/sellers/pause",
            new { reason = "the marketplace team is migrating the table" });
        pause.EnsureSuccessStatusCode();
        var viewer = host.HttpAs("victor", "viewer");

        var graph = await viewer.GetFromJsonAsync<JsonElement>("/lineage");

        var nodes = graph.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
        nodes.Keys.Should().HaveCount(4 + 13 + MartsLineage.Tables.Count);
        Health(nodes, "stream:economics.selic").Should().Be("Healthy");
        nodes["stream:economics.selic"].GetProperty("runId").GetGuid().Should().Be(economics);
        nodes["stream:economics.selic"].GetProperty("table").GetString().Should().Be("trusted.economics_selic");
        Health(nodes, "stream:files.products").Should().Be("Failing");
        Health(nodes, "stream:files.sellers").Should().Be("Healthy", "one stream's failure is its own");
        Health(nodes, "stream:marketplace.sellers").Should().Be("Paused");
        nodes["stream:marketplace.sellers"].GetProperty("detail").GetString().Should()
            .Contain("the marketplace team is migrating the table");
        Health(nodes, "stream:marketplace.orders").Should().Be("Waiting", "no run has brought its data yet");
        Health(nodes, "source:files").Should().Be("Failing", "a source is as bad as its worst stream");
        nodes["source:files"].GetProperty("detail").GetString().Should().Be("files.products: failing");
        Health(nodes, "source:economics").Should().Be("Healthy");

        var monthly = nodes["marts:monthly_sales_fx_inflation"];
        monthly.GetProperty("health").GetString().Should().Be("Healthy");
        monthly.GetProperty("runId").GetGuid().Should().Be(files,
            "the files run loaded the category translation, so it built the orders chain last");
        monthly.GetProperty("chain").GetString().Should().Be("orders");
        Upstream(monthly).Should().Equal("economics.ipca", "economics.selic", "economics.usd_brl",
            "files.category_translation", "marketplace.customers", "marketplace.order_items",
            "marketplace.orders", "marketplace.products");
        monthly.GetProperty("upstreamHealth").GetString().Should().Be("Waiting");
        Upstream(nodes["marts:review_word_counts"]).Should().Equal("reviews.order_reviews");
        Health(nodes, "marts:review_word_counts").Should().Be("Healthy", "every run builds both chains");
        nodes["marts:review_word_counts"].GetProperty("upstreamHealth").GetString().Should()
            .Be("Waiting", "the review stream never brought data");
        Upstream(nodes["marts:customer_recommendations"]).Should().NotContain("economics.selic")
            .And.NotContain("marketplace.sellers").And.NotContain("files.products");

        var edges = graph.GetProperty("edges").EnumerateArray()
            .Select(e => $"{e.GetProperty("from").GetString()} -> {e.GetProperty("to").GetString()}").ToList();
        edges.Should().HaveCount(13 + MartsLineage.Tables.Sum(t => t.Reads.Count)).And.Contain([
            "source:marketplace -> stream:marketplace.orders",
            "stream:marketplace.orders -> marts:order_lines",
            "marts:order_lines -> marts:daily_sales_by_state_category",
            "stream:economics.selic -> marts:monthly_sales_fx_inflation",
            "marts:bought_together -> marts:customer_recommendations",
        ]).And.NotContain(e => e.StartsWith("stream:marketplace.sellers", StringComparison.Ordinal),
            "no mart reads the sellers");

        var cli = await new OperationsClient(viewer).GetLineageAsync(CancellationToken.None);
        var exit = await new RootCommand { LineageCommands.Create() }.Parse(["lineage", "--api",
            host.BaseAddress.ToString(), "--token", TestTokens.For("victor", ["viewer"])]).InvokeAsync();
        cli.GetProperty("nodes").GetArrayLength().Should().Be(nodes.Count);
        exit.Should().Be(0, "lake lineage prints this graph");

        var page = await viewer.GetStringAsync("/dashboard/lineage");
        page.Should().MatchRegex(@"data-node=""stream:files.products""\s+data-health=""Failing""")
            .And.MatchRegex(@"data-node=""stream:marketplace.sellers""\s+data-health=""Paused""");
        page.Should().Contain("data-from=\"stream:economics.selic\" data-to=\"marts:monthly_sales_fx_inflation\"")
            .And.Contain($"<a href=\"/dashboard/runs/{files}\">")
            .And.Contain("<tr data-table=\"marts.review_word_counts\" data-upstream-health=\"Waiting\">");
    }

    [Fact]
    public async Task Should_show_a_failed_build_as_failing_with_its_error_and_keep_the_last_good_one()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var good = await host.RequestRunAsync("reviews");
        await host.CompletedAsync(good);
        host.Scenario.FailMarts = true;
        var bad = await host.RequestRunAsync("reviews");
        await host.FailedAsync(bad);

        var graph = await host.HttpAs("victor", "viewer").GetFromJsonAsync<JsonElement>("/lineage");

        var words = graph.GetProperty("nodes").EnumerateArray()
            .Single(n => n.GetProperty("id").GetString() == "marts:review_words");
        words.GetProperty("health").GetString().Should().Be("Failing");
        words.GetProperty("detail").GetString().Should().Contain("fake marts error");
        words.GetProperty("runId").GetGuid().Should().Be(good, "the table still holds the last good build");
        words.GetProperty("kind").GetString().Should().Be("Fact");
        words.GetProperty("upstreamHealth").GetString().Should().Be("Healthy",
            "the review stream itself loaded in both runs");
    }

    [Fact]
    public async Task Should_mark_a_stream_whose_latest_load_failed_a_check_without_changing_its_health()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output, s => s.Checks["reviews.order_reviews"] =
            [
                new CheckOutcome
                {
                    Name = "title_present", Assertion = "review_comment_title is not null",
                    Severity = CheckSeverity.Warn, CheckedRows = 40, FailingRows = 12, SampleKeys = ["r1"],
                },
            ]);
        var run = await host.RequestRunAsync("reviews");
        await host.CompletedAsync(run);
        await host.Log.WaitForOneAsync<AlertRaised>(a => a.Kind == AlertKind.CheckFailed && a.RunId == run);

        var graph = await host.HttpAs("victor", "viewer").GetFromJsonAsync<JsonElement>("/lineage");

        var nodes = graph.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
        var reviews = nodes["stream:reviews.order_reviews"];
        reviews.GetProperty("failingChecks").EnumerateArray().Select(c => c.GetString()).Should()
            .Equal("title_present");
        reviews.GetProperty("health").GetString().Should().Be("Healthy", "its data arrived; a check is about values");
        reviews.GetProperty("detail").GetString().Should().EndWith("; check title_present fails on 12 of 40 rows");
        nodes["stream:economics.selic"].GetProperty("failingChecks").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Should_mark_a_stream_whose_source_drifts_from_its_spec_without_changing_its_health()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output, s => s.Drift["files.sellers"] =
                new SchemaDrift { Added = ["seller_phone"], Missing = [] });
        var run = await host.RequestRunAsync("files");
        await host.CompletedAsync(run);
        await host.Log.WaitForOneAsync<AlertRaised>(a => a.Kind == AlertKind.SchemaDrift && a.RunId == run);

        var graph = await host.HttpAs("victor", "viewer").GetFromJsonAsync<JsonElement>("/lineage");

        var nodes = graph.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
        var sellers = nodes["stream:files.sellers"];
        sellers.GetProperty("schemaDrift").GetProperty("added").EnumerateArray().Select(c => c.GetString()).Should()
            .Equal("seller_phone");
        sellers.GetProperty("health").GetString().Should().Be("Healthy");
        sellers.GetProperty("detail").GetString().Should()
            .EndWith("; its source offers seller_phone that the spec does not read");
        nodes["stream:files.products"].GetProperty("schemaDrift").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void Should_name_in_an_alert_the_marts_tables_a_stream_holds_back()
    {
        LineageImpact.HoldsBack(StreamCatalog.Default, "reviews", "order_reviews").Should()
            .Be("; holds back marts.review_words, marts.review_word_counts (lake lineage)");
        LineageImpact.HoldsBack(StreamCatalog.Default, "economics", "selic").Should()
            .Be("; holds back marts.monthly_sales_fx_inflation (lake lineage)");
        LineageImpact.HoldsBack(StreamCatalog.Default, "marketplace", "sellers").Should().BeEmpty();
        LineageImpact.HoldsBack(StreamCatalog.Default, "crm", "contacts").Should().BeEmpty();
    }

    private static string? Health(Dictionary<string, JsonElement> nodes, string id) =>
        nodes[id].GetProperty("health").GetString();

    private static List<string?> Upstream(JsonElement node) =>
        node.GetProperty("upstream").EnumerateArray().Select(u => u.GetString()).ToList();
}
