using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Orchestrator.Clusters;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_something_goes_wrong(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(7);

    [Fact]
    public async Task Should_raise_an_alert_event_and_post_to_the_webhook_for_a_failed_step_and_run()
    {
        await using var receiver = await FakeAlertReceiver.StartAsync();
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.Failures["files.sellers"] = "load",
            settings: new Dictionary<string, string?> { ["Alerts:WebhookUrl"] = receiver.Url });

        var runId = await host.RequestRunAsync("files");
        await host.FailedAsync(runId);

        var step = await host.Log.WaitForOneAsync<AlertRaised>(a => a.Kind == AlertKind.StepFailed);
        step.Should().Match<AlertRaised>(
            a => a.Severity == AlertSeverity.Error && a.RunId == runId && a.Source == "files" && a.Stream == "sellers");
        step.Message.Should().EndWith("fake load error", "no mart reads files.sellers: nothing held back");
        var run = await host.Log.WaitForOneAsync<AlertRaised>(a => a.Kind == AlertKind.RunFailed);
        run.RunId.Should().Be(runId);
        var posted = await receiver.Received.WaitForAsync<JsonElement>(_ => true, count: 2);
        posted.Select(p => p.GetProperty("kind").GetString()).Should().BeEquivalentTo("step-failed", "run-failed");
        posted.Should().OnlyContain(
            p => p.GetProperty("runId").GetGuid() == runId && p.GetProperty("severity").GetString() == "error");
        await host.EndpointConsumedAsync<StreamLoadFailed>("failure-alert", f => f.RunId == runId);
        await host.EndpointConsumedAsync<RunFailed>("failure-alert", r => r.RunId == runId);
        var listed = await host.Http.GetFromJsonAsync<JsonElement>($"/alerts?runId={runId}");
        listed.EnumerateArray().Select(a => a.GetProperty("kind").GetString()).Should()
            .BeEquivalentTo("step-failed", "run-failed");
    }

    [Fact]
    public async Task Should_keep_running_the_pipeline_when_the_webhook_is_down()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.Failures["reviews.order_reviews"] = "extract",
            settings: new Dictionary<string, string?>
            {
                ["Alerts:WebhookUrl"] = "http://127.0.0.1:9/alerts", ["Alerts:WebhookTimeout"] = "00:00:02",
            });

        var failed = await host.RequestRunAsync("reviews");
        await host.FailedAsync(failed);
        await host.Log.WaitForOneAsync<EndpointConsumed>(
            c => c.Endpoint == "alert-webhook" && c.Message is AlertRaised { Kind: AlertKind.RunFailed });
        var next = await host.RequestRunAsync("files");

        await host.CompletedAsync(next);
        host.Log.All<EndpointConsumed>(c => c.Endpoint == "alert-webhook").Should().OnlyContain(c => !c.Faulted);
    }

    [Fact]
    public async Task Should_raise_exactly_one_alert_for_a_step_running_longer_than_the_threshold()
    {
        var clock = new ManualTimeProvider();
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.HoldLoads = true,
            settings: new Dictionary<string, string?> { ["Alerts:CheckInterval"] = "00:00:07" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        await clock.WaitForTimerAsync(CheckInterval, count: 2); // the alert monitor's and the cluster watcher's
        var runId = await host.RequestRunAsync("reviews");
        await host.Log.WaitForOneAsync<LoadStream>(l => l.RunId == runId);
        clock.CatchUpWithRealTime(); // the saga stamps the step's start with the real clock
        var monitor = host.Services.GetRequiredService<AlertMonitor>();

        (await monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(0, "the step has just started");
        clock.Advance(TimeSpan.FromMinutes(5) + CheckInterval);
        var alert = await host.Log.WaitForOneAsync<AlertRaised>(a => a.Kind == AlertKind.StepDuration);
        clock.Advance(CheckInterval);
        (await monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(0, "the step already alerted");
        clock.Advance(TimeSpan.FromMinutes(10));
        (await monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(0);

        alert.Should().Match<AlertRaised>(a => a.Severity == AlertSeverity.Warning && a.RunId == runId
            && a.Source == "reviews" && a.Stream == "order_reviews");
        alert.Message.Should().Contain("load");
        (await host.ScalarAsync<long>("SELECT count(*) FROM orchestrator.alerts WHERE kind = 'step-duration'"))
            .Should().Be(1);
    }

    [Fact]
    public async Task Should_raise_one_alert_per_marts_chain_building_longer_than_the_threshold()
    {
        var clock = new ManualTimeProvider();
        var marts = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.MartsGate = marts,
            settings: new Dictionary<string, string?> { ["Alerts:CheckInterval"] = "00:00:07" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        await clock.WaitForTimerAsync(CheckInterval, count: 2); // the alert monitor's and the cluster watcher's
        var runId = await host.RequestRunAsync("reviews");
        await host.Log.WaitForAsync<BuildMarts>(m => m.RunId == runId, count: 2);
        clock.CatchUpWithRealTime(); // the saga stamps the build's start with the real clock
        var monitor = host.Services.GetRequiredService<AlertMonitor>();

        (await monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(0, "the builds have just started");
        clock.Advance(TimeSpan.FromMinutes(5) + CheckInterval);
        var alerts = await host.Log.WaitForAsync<AlertRaised>(a => a.Kind == AlertKind.StepDuration, count: 2);
        clock.Advance(CheckInterval);
        (await monitor.CheckOnceAsync(CancellationToken.None)).Should().Be(0, "each chain already alerted");
        marts.SetResult();
        await host.CompletedAsync(runId);

        alerts.Select(a => a.Message).Should()
            .Contain(m => m.Contains("the orders marts build", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("the reviews marts build", StringComparison.Ordinal));
        alerts.Should().OnlyContain(a => a.RunId == runId && a.Source == null);
    }

    [Fact]
    public async Task Should_raise_one_alert_for_a_cluster_alive_longer_than_the_threshold_and_none_for_a_deleted_one()
    {
        var clock = new ManualTimeProvider();
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            settings: new Dictionary<string, string?> { ["Alerts:CheckInterval"] = "00:00:07" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        await clock.WaitForTimerAsync(CheckInterval, count: 2); // the alert monitor's and the cluster watcher's
        var watcher = host.Services.GetRequiredService<ClusterWatcher>();
        var runId = Guid.NewGuid();
        await host.PublishAndWaitAsync(new ClusterProvisioned
        {
            RunId = runId,
            ClusterName = "lake-run-1",
            ProvisionedAt = clock.GetUtcNow(),
        }, "cluster-lifecycle");
        await host.PublishAndWaitAsync(new ClusterProvisioned
        {
            RunId = runId,
            ClusterName = "lake-run-2",
            ProvisionedAt = clock.GetUtcNow(),
        }, "cluster-lifecycle");
        clock.Advance(TimeSpan.FromMinutes(9));
        await host.PublishAndWaitAsync(new ClusterDeleted
        {
            RunId = runId,
            ClusterName = "lake-run-2",
            DeletedAt = clock.GetUtcNow(),
        }, "cluster-lifecycle");
        (await watcher.CheckOnceAsync(CancellationToken.None)).Should().Be(0, "no cluster has lived 10 minutes yet");

        clock.Advance(TimeSpan.FromMinutes(1) + CheckInterval);
        var alert = await host.Log.WaitForOneAsync<AlertRaised>(a => a.Kind == AlertKind.ClusterUptime);
        clock.Advance(TimeSpan.FromMinutes(5));
        (await watcher.CheckOnceAsync(CancellationToken.None)).Should().Be(0);

        alert.Should().Match<AlertRaised>(
            a => a.Severity == AlertSeverity.Warning && a.RunId == runId && a.Message.Contains("lake-run-1"));
        host.Log.All<AlertRaised>(a => a.Message.Contains("lake-run-2")).Should().BeEmpty();
        await host.PublishAndWaitAsync(new ClusterDeleted
        {
            RunId = runId,
            ClusterName = "lake-run-1",
            DeletedAt = clock.GetUtcNow(),
        }, "cluster-lifecycle");
        (await host.Queries.ListLiveClustersAsync(CancellationToken.None)).Should().BeEmpty();
    }
}
