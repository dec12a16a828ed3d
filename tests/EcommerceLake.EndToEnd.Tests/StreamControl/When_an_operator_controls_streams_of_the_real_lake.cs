using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Cli.Demo;
using EcommerceLake.DemoSources.Snapshot;
using EcommerceLake.EndToEnd.Tests.Operations;
using EcommerceLake.Streams;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests.StreamControl;

/// <summary>
/// Stream control through the operations API on the real Olist data (<see cref="OperatedLake"/>), by authenticated
/// operators: a paused change-tracked stream is skipped while the real change batch loads into the others, keeps its
/// offset and its trusted rows, and goes on from its offset once resumed; a forced full run re-reads one partner file
/// stream whole over SFTP, exactly once into trusted, while every other stream stays incremental.
/// </summary>
[Collection(OperatedLakeCollection.Name)]
public sealed class When_an_operator_controls_streams_of_the_real_lake(OperatedLake lake)
{
    private static readonly StreamSpec Orders = StreamCatalog.Default.Get("marketplace", "orders");
    private static readonly StreamSpec Sellers = StreamCatalog.Default.Get("files", "sellers");

    [Fact]
    public async Task Should_skip_a_paused_stream_keep_its_offset_and_trusted_rows_and_go_on_from_there_once_resumed()
    {
        using var alice = lake.Api("alice", "operator");
        using var bob = lake.Api("bob", "operator");
        using var viewer = lake.Api("victor", "viewer");
        var before = (await OperatedLake.StreamViewsAsync(viewer))[Orders.Key];
        var trustedBefore = await lake.TrustedAsync(Orders);
        var offset = before.GetProperty("offset").GetString();
        offset.Should().Contain("changeVersion");

        using var forged = await viewer.PostAsJsonAsync("/streams/marketplace/orders/pause", new { reason = "x" });
        forged.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a viewer reads but may not switch");
        using var pause = await alice.PostAsJsonAsync("/streams/marketplace/orders/pause",
            new { reason = "order feed under repair", requestedBy = "mallory" });
        pause.StatusCode.Should().Be(HttpStatusCode.OK, await pause.Content.ReadAsStringAsync());
        var paused = await pause.Content.ReadFromJsonAsync<JsonElement>();
        paused.GetProperty("stream").GetProperty("paused").GetBoolean().Should().BeTrue();
        paused.GetProperty("stream").GetProperty("pausedBy").GetString().Should().Be("alice");
        paused.GetProperty("stream").GetProperty("freshness").GetProperty("state").GetString().Should().Be("Paused");
        paused.GetProperty("audit").GetProperty("requestedBy").GetString().Should().Be("alice");
        try
        {
            var batch = await lake.Environment.Seeder.ApplyChangeBatchAsync();
            batch.OrdersInserted.Should().BeGreaterThan(0, "the held-back real orders arrive in the source");

            var run = await lake.RunAsync(alice);

            run.GetProperty("run").GetProperty("state").GetString().Should().Be("Completed");
            run.GetProperty("run").GetProperty("streamsPaused").GetInt32().Should().Be(1);
            var streams = OperatedLake.StreamsOf(run);
            var orders = streams[Orders.Key];
            orders.GetProperty("status").GetString().Should().Be("Paused");
            orders.GetProperty("pausedReason").GetString().Should().Be("paused by alice: order feed under repair");
            orders.GetProperty("landRows").GetInt64().Should().Be(0);
            orders.GetProperty("extractStartedAt").ValueKind.Should().Be(JsonValueKind.Null, "nothing was sent");
            streams.Where(s => s.Key != Orders.Key).Should()
                .OnlyContain(s => s.Value.GetProperty("status").GetString() == "Loaded");
            streams["marketplace.order_items"].GetProperty("landRows").GetInt64().Should()
                .BeGreaterThan(0, "the other streams load the change batch meanwhile");
            streams["reviews.order_reviews"].GetProperty("landRows").GetInt64().Should().BeGreaterThan(0);
            var view = (await OperatedLake.StreamViewsAsync(viewer))[Orders.Key];
            view.GetProperty("paused").GetBoolean().Should().BeTrue();
            view.GetProperty("freshness").GetProperty("state").GetString().Should().Be("Paused");
            view.GetProperty("offset").GetString().Should().Be(offset, "a paused stream keeps its offset");
            view.GetProperty("offsetCommittedAt").GetDateTimeOffset().Should()
                .Be(before.GetProperty("offsetCommittedAt").GetDateTimeOffset());
            (await lake.TrustedAsync(Orders)).Should().Be(trustedBefore, "a paused stream's trusted rows stay");
        }
        finally
        {
            using var resume = await bob.PostAsJsonAsync("/streams/marketplace/orders/resume",
                new { reason = "order feed repaired" });
            resume.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var resumed = await lake.RunAsync(alice, "marketplace");

        var again = OperatedLake.StreamsOf(resumed)[Orders.Key];
        again.GetProperty("status").GetString().Should().Be("Loaded");
        again.GetProperty("offsetFrom").GetString().Should().Be(offset, "it goes on from where it stopped");
        again.GetProperty("landRows").GetInt64().Should().BeGreaterThan(0);
        var expected = await new SourceSnapshot(lake.Environment.SourceSettings).ReadAsync(Orders);
        var verified = await TrustedVerifier.CompareAsync(lake.Environment.WarehouseConnectionString, Orders,
            expected.Rows, CancellationToken.None);
        verified.Matches.Should().BeTrue(string.Join("; ", verified.Examples));
        (await lake.TrustedAsync(Orders)).Rows.Should().BeGreaterThan(trustedBefore.Rows);
        var audit = await AuditAsync(viewer, "marketplace");
        audit.Should().ContainInOrder(("Resume", "bob", "order feed repaired"),
            ("Pause", "alice", "order feed under repair"));
        audit.Should().NotContain(a => a.By == "mallory", "the audit names the principal, not the body's requestedBy");
    }

    [Fact]
    public async Task Should_read_one_stream_whole_exactly_once_on_the_next_run_while_the_others_stay_incremental()
    {
        using var alice = lake.Api("alice", "operator");
        using var viewer = lake.Api("victor", "viewer");
        var views = await OperatedLake.StreamViewsAsync(viewer);
        var trustedBefore = await lake.TrustedAsync(Sellers);
        trustedBefore.Rows.Should().Be(trustedBefore.Keys).And.BeGreaterThan(3000, "the real sellers file");
        var fileRows = new SourceSnapshot(lake.Environment.SourceSettings).MatchingFiles(Sellers)
            .Sum(f => File.ReadLines(f).Skip(1).LongCount(l => l.Length > 0));

        using var full = await alice.PostAsJsonAsync("/streams/files/sellers/force-full",
            new { reason = "partner re-sent its history" });
        full.StatusCode.Should().Be(HttpStatusCode.OK, await full.Content.ReadAsStringAsync());
        (await full.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stream").GetProperty("forceFull")
            .GetBoolean().Should().BeTrue();

        var run = await lake.RunAsync(alice, "files", "marketplace");

        run.GetProperty("run").GetProperty("state").GetString().Should().Be("Completed");
        var streams = OperatedLake.StreamsOf(run);
        var sellers = streams[Sellers.Key];
        sellers.GetProperty("forceFull").GetBoolean().Should().BeTrue();
        sellers.GetProperty("landRows").GetInt64().Should().Be(fileRows, "every row of every sellers file is re-read");
        sellers.GetProperty("offsetFrom").GetString().Should().Be(views[Sellers.Key].GetProperty("offset").GetString());
        sellers.GetProperty("inserted").GetInt64().Should().Be(0);
        sellers.GetProperty("deleted").GetInt64().Should().Be(0);
        sellers.GetProperty("trustedRows").GetInt64().Should().Be(trustedBefore.Rows);
        foreach (var (key, other) in streams.Where(s => s.Key != Sellers.Key))
        {
            other.GetProperty("status").GetString().Should().Be("Loaded", key);
            other.GetProperty("forceFull").GetBoolean().Should().BeFalse(key);
            other.GetProperty("isFullSnapshot").GetBoolean().Should().BeFalse(key);
            other.GetProperty("offsetFrom").GetString().Should().Be(views[key].GetProperty("offset").GetString(), key);
            other.GetProperty("landRows").GetInt64().Should().Be(0, $"{key} has nothing new: it stays incremental");
        }
        (await lake.TrustedAsync(Sellers)).Should().Be(trustedBefore, "re-reading the same rows changes nothing");
        var expected = await new SourceSnapshot(lake.Environment.SourceSettings).ReadAsync(Sellers);
        var verified = await TrustedVerifier.CompareAsync(lake.Environment.WarehouseConnectionString, Sellers,
            expected.Rows, CancellationToken.None);
        verified.Matches.Should().BeTrue(string.Join("; ", verified.Examples));
        var after = (await OperatedLake.StreamViewsAsync(viewer))[Sellers.Key];
        after.GetProperty("forceFull").GetBoolean().Should().BeFalse("the run that read it whole cleared the switch");

        var next = OperatedLake.StreamsOf(await lake.RunAsync(alice, "files"))[Sellers.Key];

        next.GetProperty("forceFull").GetBoolean().Should().BeFalse();
        next.GetProperty("landRows").GetInt64().Should().Be(0, "the run after is incremental again");
        (await AuditAsync(viewer, "files")).Should().Contain(("ForceFull", "alice", "partner re-sent its history"));
    }

    private static async Task<List<(string? Action, string? By, string? Reason)>> AuditAsync(HttpClient api,
        string source) =>
        (await api.GetFromJsonAsync<JsonElement>($"/streams/audit?source={source}")).EnumerateArray()
            .Select(a => (a.GetProperty("action").GetString(), a.GetProperty("requestedBy").GetString(),
                a.GetProperty("reason").GetString()))
            .ToList();
}
