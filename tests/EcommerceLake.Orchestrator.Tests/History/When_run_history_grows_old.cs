using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.History;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.History;

public class When_run_history_grows_old(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromDays(7);

    [Fact]
    public async Task Should_remove_what_ended_before_the_cutoff_and_keep_what_offsets_leases_and_freshness_name()
    {
        var ordersLoad = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s =>
            {
                s.LoadGates["marketplace.orders"] = ordersLoad;
                s.Failures["files.products"] = "extract";
            });
        // economics twice: the second run's offsets and loads replace the first's, which nothing names any more.
        var superseded = await CompleteAsync(host, "economics");
        var latest = await CompleteAsync(host, "economics");
        // reviews: a run that brought rows, then one that found nothing new; the first stays the stream's last data.
        var lastData = await CompleteAsync(host, "reviews");
        host.Services.GetRequiredService<FakeScenario>().Empty["reviews.order_reviews"] = true;
        var empty = await CompleteAsync(host, "reviews");
        // files with a failing stream: it ends Failed, with alerts, but the streams it loaded name it.
        var failed = await host.RequestRunAsync("files");
        await host.FailedAsync(failed);
        await host.Log.WaitForOneAsync<AlertRaised>(a => a.RunId == failed && a.Kind == AlertKind.RunFailed);
        // marketplace held in a load: active, so a second request is refused.
        var active = await host.RequestRunAsync("marketplace");
        await host.AcceptedAsync(active);
        var refused = await host.RequestRunAsync("marketplace");
        await host.RefusedAsync(refused);
        await host.ScalarAsync<int>("""
            INSERT INTO orchestrator.clusters (cluster_name, run_id, provisioned_at, deleted_at)
            VALUES ('lake-deleted', gen_random_uuid(), now() - interval '1 hour', now()),
                   ('lake-leaked', gen_random_uuid(), now() - interval '1 hour', NULL)
            RETURNING 1
            """);
        var pruner = host.Services.GetRequiredService<HistoryPruner>();

        var nothing = await pruner.PruneAsync(DateTimeOffset.UtcNow - TimeSpan.FromDays(1), CancellationToken.None);
        var pruned = await pruner.PruneAsync(DateTimeOffset.UtcNow + TimeSpan.FromDays(1), CancellationToken.None);

        nothing.Total.Should().Be(0, "everything here is younger than a day");
        pruned.Should().Be(new HistoryPruned(Runs: 1, Refusals: 1, Alerts: 2, Clusters: 1),
            "the superseded run, the refusal, the failed run's step-failed and run-failed alerts, the deleted cluster");
        (await host.Queries.GetRunAsync(superseded, CancellationToken.None)).Should().BeNull();
        (await host.Queries.GetRunAsync(refused, CancellationToken.None)).Should().BeNull();
        (await host.RunAsync(latest)).Run.State.Should().Be("Completed", "its offsets name it");
        (await host.RunAsync(lastData)).Run.State.Should().Be("Completed", "it brought the stream's last data");
        (await host.RunAsync(empty)).Run.State.Should().Be("Completed", "its offsets name it");
        (await host.RunAsync(failed)).Run.State.Should().Be("Failed", "the offsets of the streams it loaded name it");
        (await host.RunAsync(active)).Run.CompletedAt.Should().BeNull("an active run is never removed");
        (await host.ScalarAsync<long>("SELECT count(*) FROM orchestrator.alerts")).Should().Be(0);
        (await host.ScalarAsync<string>("SELECT string_agg(cluster_name, ',') FROM orchestrator.clusters"))
            .Should().Be("lake-leaked", "a cluster never deleted is kept for the cluster watcher");

        ordersLoad.SetResult();
        await host.CompletedAsync(active);
    }

    [Fact]
    public async Task Should_remove_a_finished_run_once_it_ended_longer_ago_than_KeepFor()
    {
        var clock = new ManualTimeProvider();
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            settings: Settings(prune: true), services: s => s.AddSingleton<TimeProvider>(clock));
        var sweeper = host.Services.GetRequiredService<HistorySweeper>();
        var superseded = await CompleteAsync(host, "economics");
        var latest = await CompleteAsync(host, "economics");

        clock.Advance(KeepFor - TimeSpan.FromMinutes(1));
        (await sweeper.CheckOnceAsync(CancellationToken.None)).Should().Be(0, "the run ended less than KeepFor ago");
        (await host.RunAsync(superseded)).Run.State.Should().Be("Completed");
        clock.Advance(TimeSpan.FromMinutes(2));
        await sweeper.CheckOnceAsync(CancellationToken.None);

        (await host.Queries.GetRunAsync(superseded, CancellationToken.None)).Should().BeNull();
        (await host.RunAsync(latest)).Run.State.Should().Be("Completed", "its offsets name it");
    }

    [Fact]
    public async Task Should_keep_the_run_and_the_refusal_a_schedule_names_as_its_last()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var superseded = await CompleteAsync(host, "economics");
        await CompleteAsync(host, "economics");
        var refusal = Guid.NewGuid();
        await host.ScalarAsync<int>($"""
            INSERT INTO orchestrator.run_refusals (run_id, sources, trigger, requested_by, force_full, reason,
                refused_at)
            VALUES ('{refusal}', ARRAY['files'], 'schedule', 'scheduler', false, 'busy', now());
            INSERT INTO orchestrator.schedules (source, expression, time_zone, last_run_id, updated_at)
            VALUES ('economics', '@yearly', 'UTC', '{superseded}', now()),
                   ('files', '@yearly', 'UTC', '{refusal}', now())
            RETURNING 1
            """);

        var pruned = await host.Services.GetRequiredService<HistoryPruner>()
            .PruneAsync(DateTimeOffset.UtcNow + TimeSpan.FromDays(1), CancellationToken.None);

        pruned.Should().Be(new HistoryPruned(Runs: 0, Refusals: 0, Alerts: 0, Clusters: 0),
            "a yearly schedule's listing names its last run for a year");
        (await host.RunAsync(superseded)).Run.State.Should().Be("Completed");
        (await host.Queries.GetRunAsync(refusal, CancellationToken.None))!.Run.State.Should().Be("Refused");
    }

    [Fact]
    public async Task Should_remove_more_rows_than_one_batch_holds()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var rows = HistoryPruner.BatchSize * 2 + 500;
        await host.ScalarAsync<int>($"""
            INSERT INTO orchestrator.run_refusals (run_id, sources, trigger, requested_by, force_full, reason,
                refused_at)
            SELECT gen_random_uuid(), ARRAY['files'], 'api', 'tests', false, 'busy', now() - n * interval '1 second'
            FROM generate_series(1, {rows}) AS n
            RETURNING 1
            """);

        var pruned = await host.Services.GetRequiredService<HistoryPruner>()
            .PruneAsync(DateTimeOffset.UtcNow + TimeSpan.FromDays(1), CancellationToken.None);

        pruned.Refusals.Should().Be(rows);
        (await host.ScalarAsync<long>("SELECT count(*) FROM orchestrator.run_refusals")).Should().Be(0);
    }

    [Fact]
    public async Task Should_keep_every_run_when_pruning_is_off()
    {
        var clock = new ManualTimeProvider();
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            settings: Settings(prune: false), services: s => s.AddSingleton<TimeProvider>(clock));
        var superseded = await CompleteAsync(host, "economics");
        await CompleteAsync(host, "economics");

        clock.Advance(KeepFor * 2);

        (await host.Services.GetRequiredService<HistorySweeper>().CheckOnceAsync(CancellationToken.None))
            .Should().Be(0);
        (await host.RunAsync(superseded)).Run.State.Should().Be("Completed");
    }

    [Fact]
    public async Task Should_refuse_a_window_shorter_than_a_redelivery_can_arrive_and_name_the_key()
    {
        var settings = Settings(prune: true);
        settings["Orchestrator:History:KeepFor"] = "3.00:00:00";

        var start = async () =>
        {
            await using var host = await OrchestratorTestHost.StartAsync(
                await database.CreateDatabaseAsync("orch"), output, settings: settings);
        };

        var error = await start.Should().ThrowAsync<OptionsValidationException>();
        error.Which.Message.Should().Contain("Orchestrator:History:KeepFor must be between 7 and 3650 days");
    }

    /// <summary>A day-long sweep interval: only the tests' own sweeps act within a test.</summary>
    private static Dictionary<string, string?> Settings(bool prune) => new()
    {
        ["Orchestrator:History:Prune"] = prune ? "true" : "false",
        ["Orchestrator:History:KeepFor"] = KeepFor.ToString(),
        ["Orchestrator:History:SweepInterval"] = "1.00:00:00",
    };

    private static async Task<Guid> CompleteAsync(OrchestratorTestHost host, string source)
    {
        var runId = await host.RequestRunAsync(source);
        await host.CompletedAsync(runId);
        return runId;
    }
}
