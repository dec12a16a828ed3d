using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_an_operator_resets_an_offset(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_refuse_while_the_source_has_an_active_run_and_write_no_audit()
    {
        await using var busy = await BusyReviews.StartAsync(database, output);
        var (host, active) = (busy.Host, busy.ActiveRunId);

        using var response = await host.Http.PostAsJsonAsync("/offsets/reviews/order_reviews/reset",
            new { offset = (object?)null, requestedBy = "alice", reason = "backfill" });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("activeRunId").GetGuid().Should().Be(active);
        (await host.Http.GetFromJsonAsync<JsonElement>("/offsets/audit")).GetArrayLength().Should().Be(0);
        await busy.EndAsync();
    }

    [Fact]
    public async Task Should_set_or_delete_the_offset_when_the_source_is_idle_and_audit_who_why_old_and_new()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var run = await host.RequestRunAsync("files");
        await host.CompletedAsync(run);

        using var set = await host.Http.PostAsJsonAsync("/offsets/files/sellers/reset",
            new
            {
                offset = new { files = Array.Empty<object>() }, requestedBy = "alice",
                reason = "re-read every sellers file",
            });
        using var bob = host.HttpAs("bob", "operator");
        using var cleared = await bob.PostAsJsonAsync("/offsets/files/products/reset",
            new { offset = (object?)null, requestedBy = "alice", reason = "full reload" });

        set.StatusCode.Should().Be(HttpStatusCode.OK);
        cleared.StatusCode.Should().Be(HttpStatusCode.OK);
        var offsets = (await host.Http.GetFromJsonAsync<JsonElement>("/offsets")).EnumerateArray()
            .ToDictionary(o => o.GetProperty("stream").GetString()!, o => o);
        offsets.Should().NotContainKey("products", "a null offset means from scratch");
        offsets["sellers"].GetProperty("offset").GetString().Should().Be("""{"files":[]}""");
        offsets["category_translation"].GetProperty("offset").GetString().Should()
            .Be(FakeScenario.OffsetOf(run), "other streams keep theirs");

        var audit = (await host.Http.GetFromJsonAsync<JsonElement>("/offsets/audit")).EnumerateArray().ToList();
        audit.Should().HaveCount(2);
        audit[0].GetProperty("stream").GetString().Should().Be("products");
        audit[0].GetProperty("requestedBy").GetString().Should().Be("bob", "the principal, not the forged requestedBy");
        audit[1].GetProperty("requestedBy").GetString().Should().Be("alice");
        audit[0].GetProperty("oldOffset").GetString().Should().Be(FakeScenario.OffsetOf(run));
        audit[0].GetProperty("newOffset").ValueKind.Should().Be(JsonValueKind.Null);
        audit[1].GetProperty("reason").GetString().Should().Be("re-read every sellers file");
        audit[1].GetProperty("newOffset").GetString().Should().Be("""{"files":[]}""");
        audit[1].GetProperty("resetAt").ValueKind.Should().Be(JsonValueKind.String);

        var next = await host.RequestRunAsync("files");
        await host.CompletedAsync(next);
        (await host.RunAsync(next)).Streams.Single(s => s.Stream == "products").OffsetFrom.Should()
            .BeNull("the next run reads the stream from scratch");
    }

    [Fact]
    public async Task Should_require_why_a_known_stream_and_an_offset_its_connector_reads()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);

        using var noReason = await host.Http.PostAsJsonAsync("/offsets/files/sellers/reset",
            new { offset = (object?)null });
        using var unknown = await host.Http.PostAsJsonAsync("/offsets/files/orders/reset",
            new { requestedBy = "alice", reason = "x" });
        using var notJson = await host.Http.PostAsJsonAsync("/offsets/files/sellers/reset",
            new { offset = "not json", requestedBy = "alice", reason = "x" });
        using var unreadable = await host.Http.PostAsJsonAsync("/offsets/economics/selic/reset",
            new { offset = new { lastDate = "not-a-date" }, requestedBy = "alice", reason = "x" });
        using var otherSource = await host.Http.PostAsJsonAsync("/offsets/files/sellers/reset",
            new { offset = new { changeVersion = 42 }, requestedBy = "alice", reason = "x" });

        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadAsStringAsync()).Should().Contain("reason");
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("files.orders");
        notJson.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        unreadable.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the connector could not read it");
        (await unreadable.Content.ReadAsStringAsync()).Should().Contain("not-a-date")
            .And.Contain("an economics offset");
        otherSource.StatusCode.Should().Be(HttpStatusCode.BadRequest, "another source's offset");
        (await otherSource.Content.ReadAsStringAsync()).Should().Contain("files ledger");
        (await host.Http.GetFromJsonAsync<JsonElement>("/offsets/audit")).GetArrayLength().Should().Be(0);
    }
}
