using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.DemoSources.Snapshot;
using EcommerceLake.EndToEnd.Tests.Operations;
using EcommerceLake.Streams;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests.Freshness;

/// <summary>
/// Freshness of the real Olist data (<see cref="OperatedLake"/>, whose clock is a fake one): after real runs every
/// stream is fresh; once the clock is past the 5-minute cadence of marketplace and files, a run that reads nothing new
/// leaves their streams stale and one <c>stale-source</c> alert per stream goes out on the bus and to the webhook; a
/// real row changed in the marketplace database and a real partner file dropped on the SFTP server clear the alerts
/// of exactly the streams they feed.
/// </summary>
[Collection(OperatedLakeCollection.Name)]
public sealed class When_a_real_source_stops_sending_data(OperatedLake lake)
{
    private static readonly string[] Watched = ["marketplace", "files"];

    [Fact]
    public async Task Should_alert_once_per_stream_after_a_run_that_read_nothing_and_clear_when_real_data_arrives()
    {
        using var alice = lake.Api("alice", "operator");
        using var viewer = lake.Api("victor", "viewer");
        (await lake.Monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(0);
        var fresh = await OperatedLake.StreamViewsAsync(viewer);
        fresh.Keys.Should().BeEquivalentTo(StreamCatalog.Default.All.Select(s => s.Key));
        foreach (var (key, view) in fresh)
        {
            var freshness = view.GetProperty("freshness");
            freshness.GetProperty("state").GetString().Should().Be("Fresh", key);
            freshness.GetProperty("lastDataRows").GetInt64().Should().BeGreaterThan(0, key);
            var last = freshness.GetProperty("lastDataAt").GetDateTimeOffset();
            freshness.GetProperty("ageSeconds").GetDouble().Should()
                .Be((lake.Clock.GetUtcNow() - last).TotalSeconds, key);
        }
        Expected(fresh, "marketplace.orders").Should().Be(OperatedLake.Cadence.TotalSeconds);
        Expected(fresh, "reviews.order_reviews").Should().Be(TimeSpan.FromHours(6).TotalSeconds, "the default");
        Expected(fresh, "economics.selic").Should().Be(TimeSpan.FromDays(4).TotalSeconds, "the default");
        var watched = fresh.Keys.Where(k => Watched.Contains(k.Split('.')[0])).ToList();
        var lastData = watched.ToDictionary(k => k, k => LastDataAt(fresh[k]));

        lake.Clock.Advance(OperatedLake.Cadence + TimeSpan.FromMinutes(1));
        var idle = OperatedLake.StreamsOf(await lake.RunAsync(alice, Watched));
        idle.Values.Should().OnlyContain(s => s.GetProperty("status").GetString() == "Loaded"
            && s.GetProperty("landRows").GetInt64() == 0, "nothing changed in the sources");

        (await lake.Monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(watched.Count,
            "a run that reads nothing is no fresh data; reviews and economics are within their default cadence");
        (await lake.Monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(0, "one alert per breach");
        var raised = await lake.Alerts.WaitForAsync<AlertRaised>(a => a.Kind == AlertKind.StaleSource,
            count: watched.Count);
        raised.Select(a => $"{a.Source}.{a.Stream}").Should().BeEquivalentTo(watched);
        raised.Should().OnlyContain(a => a.Severity == AlertSeverity.Warning && a.RunId == null);
        var hooked = await lake.Webhook.Received.WaitForAsync<JsonElement>(IsStale, count: watched.Count);
        hooked.Select(b => $"{b.GetProperty("source").GetString()}.{b.GetProperty("stream").GetString()}")
            .Should().BeEquivalentTo(watched);
        var stale = await OperatedLake.StreamViewsAsync(viewer);
        foreach (var key in watched)
        {
            var freshness = stale[key].GetProperty("freshness");
            freshness.GetProperty("state").GetString().Should().Be("Stale", key);
            freshness.GetProperty("lastDataAt").GetDateTimeOffset().Should().Be(lastData[key], key);
            freshness.GetProperty("lagSeconds").GetDouble().Should().Be(
                (lake.Clock.GetUtcNow() - lastData[key] - OperatedLake.Cadence).TotalSeconds, key);
        }
        stale["reviews.order_reviews"].GetProperty("freshness").GetProperty("state").GetString().Should().Be("Fresh");
        Observed("lake.stream.freshness.lag", "marketplace", "sellers").Should().Contain(
            stale["marketplace.sellers"].GetProperty("freshness").GetProperty("lagSeconds").GetDouble());

        var changed = await lake.ExecuteOnSourceAsync("""
            UPDATE marketplace.orders
            SET order_status = 'delivered',
                order_delivered_customer_date = order_delivered_carrier_date + interval '3 days'
            WHERE order_id = (SELECT order_id FROM marketplace.orders
                              WHERE order_status = 'shipped' AND order_delivered_carrier_date IS NOT NULL
                              ORDER BY order_id DESC LIMIT 1)
            """);
        changed.Should().Be(1);
        var resent = await ResendSellersAsync(10);
        var arrived = OperatedLake.StreamsOf(await lake.RunAsync(alice, Watched));
        arrived["marketplace.orders"].GetProperty("landRows").GetInt64().Should().Be(1);
        arrived["files.sellers"].GetProperty("landRows").GetInt64().Should().Be(resent);
        var dataAt = lake.Clock.GetUtcNow();

        (await lake.Monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(0);

        string[] cleared = ["files.sellers", "marketplace.orders"];
        var events = await lake.Alerts.WaitForAsync<AlertCleared>(_ => true, count: cleared.Length);
        events.Select(c => $"{c.Source}.{c.Stream}").Should().BeEquivalentTo(cleared);
        events.Should().OnlyContain(c => c.Kind == AlertKind.StaleSource && c.ClearedAt == dataAt);
        (await lake.Webhook.Received.WaitForAsync<JsonElement>(b => b.TryGetProperty("clearedAt", out _),
                count: cleared.Length))
            .Select(b => $"{b.GetProperty("source").GetString()}.{b.GetProperty("stream").GetString()}")
            .Should().BeEquivalentTo(cleared);
        var after = await OperatedLake.StreamViewsAsync(viewer);
        after["marketplace.orders"].GetProperty("freshness").GetProperty("state").GetString().Should().Be("Fresh");
        LastDataAt(after["marketplace.orders"]).Should().Be(dataAt);
        after["marketplace.orders"].GetProperty("freshness").GetProperty("lastDataRows").GetInt64().Should().Be(1);
        after["marketplace.sellers"].GetProperty("freshness").GetProperty("state").GetString().Should().Be("Stale");
        var alerts = (await viewer.GetFromJsonAsync<JsonElement>("/alerts")).EnumerateArray()
            .Where(a => a.GetProperty("kind").GetString() == "stale-source")
            .ToDictionary(a => $"{a.GetProperty("source").GetString()}.{a.GetProperty("stream").GetString()}");
        alerts.Keys.Should().BeEquivalentTo(watched);
        alerts.Where(a => a.Value.GetProperty("clearedAt").ValueKind == JsonValueKind.String).Select(a => a.Key)
            .Should().BeEquivalentTo(cleared, "the streams that got no data stay stale");
    }

    private static bool IsStale(JsonElement body) =>
        body.GetProperty("kind").GetString() == "stale-source" && !body.TryGetProperty("clearedAt", out _);

    private static double Expected(Dictionary<string, JsonElement> views, string key) =>
        views[key].GetProperty("freshness").GetProperty("expectedEverySeconds").GetDouble();

    private static DateTimeOffset LastDataAt(JsonElement view) =>
        view.GetProperty("freshness").GetProperty("lastDataAt").GetDateTimeOffset();

    /// <summary>
    /// The partner sends again the first <paramref name="rows"/> sellers of its real file, as a new file on the SFTP
    /// drop (written aside, then renamed, as an upload that completes).
    /// </summary>
    /// <returns>The data rows of the new file.</returns>
    private async Task<int> ResendSellersAsync(int rows)
    {
        var spec = StreamCatalog.Default.Get("files", "sellers");
        var original = new SourceSnapshot(lake.Environment.SourceSettings).MatchingFiles(spec)[0];
        var lines = File.ReadLines(original).Take(rows + 1).ToList();
        var drop = lake.Environment.DropDirectory;
        var part = Path.Combine(drop, "resend.part");
        await File.WriteAllTextAsync(part, string.Join('\n', lines) + "\n");
        File.Move(part, Path.Combine(drop, "olist_sellers_dataset_resent.csv"));
        return rows;
    }

    private static List<double> Observed(string instrument, string source, string stream)
    {
        var values = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Name == instrument) l.EnableMeasurementEvents(i);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(x => x.Key, x => x.Value);
            if (Equals(t.GetValueOrDefault("lake.source"), source)
                && Equals(t.GetValueOrDefault("lake.stream"), stream))
                values.Add(value);
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
