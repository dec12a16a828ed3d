using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Freshness;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Freshness;

/// <summary>
/// Freshness on a <see cref="ManualTimeProvider"/>: the files source is expected every hour; the monitor's own timer is
/// set to a day so that only the test's <c>CheckOnceAsync</c> calls check. The clock starts on a whole second, so that
/// times stored in PostgreSQL (microseconds) come back equal.
/// </summary>
public sealed class When_a_stream_stops_receiving_data(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static Dictionary<string, string?> Settings(string? webhook = null) => new()
    {
        ["Freshness:Sources:files"] = "01:00:00",
        ["Freshness:Sources:marketplace"] = "7.00:00:00",
        ["Freshness:Sources:reviews"] = "7.00:00:00",
        ["Freshness:Sources:economics"] = "7.00:00:00",
        ["Freshness:Streams:files.category_translation"] = "7.00:00:00",
        ["Freshness:CheckInterval"] = "1.00:00:00",
        ["Alerts:WebhookUrl"] = webhook,
    };

    [Fact]
    public async Task Should_measure_from_the_last_data_not_the_last_run_alert_once_per_breach_and_clear_on_data()
    {
        var clock = WholeSecondClock();
        await using var receiver = await FakeAlertReceiver.StartAsync();
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            settings: Settings(receiver.Url), services: s => s.AddSingleton<TimeProvider>(clock));
        var monitor = host.Services.GetRequiredService<FreshnessMonitor>();
        await host.CompletedAsync(await host.RequestRunAsync("files"));
        var dataAt = clock.GetUtcNow();

        (await monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(0);
        (await SellersAsync(host)).GetProperty("state").GetString().Should().Be("Fresh");

        clock.Advance(TimeSpan.FromMinutes(30));
        host.Scenario.Empty["files.sellers"] = true;
        host.Scenario.Empty["files.products"] = true;
        await host.CompletedAsync(await host.RequestRunAsync("files"));
        clock.Advance(TimeSpan.FromMinutes(31));

        (await monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(2,
            "sellers and products are past their hour although a run completed half an hour ago: it read nothing; "
            + "category_translation is expected weekly");
        (await monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(0, "one alert per breach");
        var sellers = await SellersAsync(host);
        sellers.GetProperty("state").GetString().Should().Be("Stale");
        sellers.GetProperty("ageSeconds").GetDouble().Should().Be(61 * 60);
        sellers.GetProperty("lagSeconds").GetDouble().Should().Be(60, "one minute past its hour");
        sellers.GetProperty("lastDataAt").GetDateTimeOffset().Should().Be(dataAt);
        sellers.GetProperty("lastLoadedAt").GetDateTimeOffset().Should().Be(dataAt.AddMinutes(30));
        var alert = await host.Log.WaitForOneAsync<AlertRaised>(
            a => a.Kind == AlertKind.StaleSource && a.Stream == "sellers");
        alert.Should().Match<AlertRaised>(
            a => a.Severity == AlertSeverity.Warning && a.Source == "files" && a.RunId == null);
        alert.Message.Should().Contain("files.sellers is stale: no new data for 1h01m")
            .And.Contain("expected every 1h00m");
        (await receiver.Received.WaitForAsync<JsonElement>(b => b.GetProperty("kind").GetString() == "stale-source",
            count: 2)).Should().HaveCount(2);
        Observed("lake.stream.freshness.lag", "files", "sellers").Should().Contain(60);
        Observed("lake.stream.freshness.age", "files", "sellers").Should().Contain(61 * 60);

        host.Scenario.Empty.TryRemove("files.sellers", out _);
        await host.CompletedAsync(await host.RequestRunAsync("files"));
        (await monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(0);

        var cleared = await host.Log.WaitForOneAsync<AlertCleared>(a => a.Stream == "sellers");
        cleared.Should().Match<AlertCleared>(a => a.Kind == AlertKind.StaleSource && a.RaisedAt == alert.RaisedAt
            && a.ClearedAt == clock.GetUtcNow());
        (await receiver.Received.WaitForOneAsync<JsonElement>(b => b.TryGetProperty("clearedAt", out _)))
            .GetProperty("stream").GetString().Should().Be("sellers");
        (await SellersAsync(host)).GetProperty("state").GetString().Should().Be("Fresh");
        host.Log.All<AlertCleared>(_ => true).Should().ContainSingle("products still has no new data");
        var alerts = (await host.Http.GetFromJsonAsync<JsonElement>("/alerts")).EnumerateArray()
            .ToDictionary(a => a.GetProperty("stream").GetString()!);
        alerts["sellers"].GetProperty("clearedAt").ValueKind.Should().Be(JsonValueKind.String);
        alerts["products"].GetProperty("clearedAt").ValueKind.Should().Be(JsonValueKind.Null);

        clock.Advance(Hour + TimeSpan.FromMinutes(1));
        (await monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(1, "a new breach of sellers is a new alert");
        (await host.Log.WaitForAsync<AlertRaised>(a => a.Kind == AlertKind.StaleSource && a.Stream == "sellers",
            count: 2)).Should().HaveCount(2, "the event is published after the check returns; the log sees it later");
    }

    [Fact]
    public async Task Should_measure_a_stream_without_data_from_the_first_check_and_not_alert_while_paused()
    {
        var clock = WholeSecondClock();
        var settings = Settings();
        settings.Remove("Freshness:Streams:files.category_translation"); // the files source's hour, as products
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            settings: settings, services: s => s.AddSingleton<TimeProvider>(clock));
        var monitor = host.Services.GetRequiredService<FreshnessMonitor>();
        (await host.Http.PostAsJsonAsync("/streams/files/sellers/pause",
            new { requestedBy = "alice", reason = "holiday" })).EnsureSuccessStatusCode();

        (await monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(0);
        var products = await StreamAsync(host, "products");
        products.GetProperty("state").GetString().Should().Be("Waiting");
        products.GetProperty("ageSeconds").ValueKind.Should().Be(JsonValueKind.Null);
        clock.Advance(2 * Hour);
        await monitor.CheckOnceAsync(CancellationToken.None);

        var alert = await host.Log.WaitForOneAsync<AlertRaised>(
            a => a.Kind == AlertKind.StaleSource && a.Stream == "products");
        alert.Message.Should().Contain("no data since monitoring began 2h00m ago")
            .And.NotContain("holds back", "no mart reads the partner's product file");
        var translation = await host.Log.WaitForOneAsync<AlertRaised>(
            a => a.Kind == AlertKind.StaleSource && a.Stream == "category_translation");
        translation.Message.Should().EndWith("; holds back marts.order_lines, marts.daily_sales_by_state_category, "
            + "marts.monthly_sales_fx_inflation, marts.bought_together, marts.customer_recommendations "
            + "(lake lineage).");
        (await StreamAsync(host, "products")).GetProperty("lagSeconds").GetDouble().Should().Be(3600);
        (await SellersAsync(host)).GetProperty("state").GetString().Should().Be("Paused");
        host.Log.All<AlertRaised>(a => a.Stream == "sellers").Should().BeEmpty("a paused stream raises no stale alert");
    }

    [Fact]
    public void Should_take_the_stream_cadence_then_the_source_then_the_default()
    {
        var options = new FreshnessOptions();
        options.Streams["files.sellers"] = TimeSpan.FromDays(7);

        options.ExpectedEvery("files", "sellers").Should().Be(TimeSpan.FromDays(7));
        options.ExpectedEvery("files", "products").Should().Be(TimeSpan.FromHours(26));
        options.ExpectedEvery("marketplace", "orders").Should().Be(Hour);
        options.ExpectedEvery("economics", "ipca").Should().Be(TimeSpan.FromDays(4));
        options.ExpectedEvery("partner2", "stock").Should().Be(TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task Should_refuse_to_start_with_a_cadence_out_of_range_naming_the_key()
    {
        var start = () => OrchestratorTestHost.StartAsync("Host=127.0.0.1;Port=1;Database=none", output,
            settings: new Dictionary<string, string?> { ["Freshness:Streams:files.sellers"] = "00:00:10" });

        (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>())
            .WithMessage("*Freshness:Streams:files.sellers must be between 00:01:00 and 365.00:00:00*");
    }

    private static ManualTimeProvider WholeSecondClock()
    {
        var clock = new ManualTimeProvider();
        clock.Advance(TimeSpan.FromTicks(
            TimeSpan.TicksPerSecond - clock.GetUtcNow().UtcTicks % TimeSpan.TicksPerSecond));
        return clock;
    }

    private static Task<JsonElement> SellersAsync(OrchestratorTestHost host) => StreamAsync(host, "sellers");

    private static async Task<JsonElement> StreamAsync(OrchestratorTestHost host, string stream) =>
        (await host.Http.GetFromJsonAsync<JsonElement>("/streams")).EnumerateArray()
            .Single(s => s.GetProperty("source").GetString() == "files"
                && s.GetProperty("stream").GetString() == stream)
            .GetProperty("freshness");

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
