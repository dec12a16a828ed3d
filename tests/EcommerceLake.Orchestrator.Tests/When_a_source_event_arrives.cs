using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_a_source_event_arrives(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_start_a_run_of_an_idle_source_at_once()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);

        await host.Bus.Publish(new SourceChangeDetected
        {
            Source = "files",
            Kind = SourceChangeKind.FileArrived,
            Detail = "sellers.csv",
            DetectedAt = DateTimeOffset.UtcNow,
        });

        var accepted = await host.Log.WaitForOneAsync<RunAccepted>(a => a.Trigger == RunTrigger.FileArrived);
        accepted.Sources.Should().Equal("files");
        accepted.RequestedBy.Should().Be("detector:file-arrived");
        await host.CompletedAsync(accepted.RunId);
        (await host.RunAsync(accepted.RunId)).Run.Trigger.Should().Be(RunTrigger.FileArrived);
    }

    [Fact]
    public async Task Should_coalesce_a_burst_during_an_active_run_into_exactly_one_follow_up_run()
    {
        await using var busy = await BusyReviews.StartAsync(database, output);
        var (host, active) = (busy.Host, busy.ActiveRunId);

        await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            host.Bus.Publish(new SourceChangeDetected
            {
                Source = "reviews",
                Kind = SourceChangeKind.ChangeVersion,
                Detail = $"burst {i}",
                DetectedAt = DateTimeOffset.UtcNow,
            })));
        var requests = await host.Log.WaitForAsync<RequestRun>(r => r.Trigger == RunTrigger.ChangeVersion, count: 10);
        var ids = requests.Select(r => r.RunId).ToHashSet();
        var refusals = await host.Log.WaitForAsync<RunRefused>(r => ids.Contains(r.RunId), count: 10);

        refusals.Should().OnlyContain(r => r.ActiveRunId == active && r.Reason.Contains("follow-up"));
        (await host.ScalarAsync<long>("SELECT count(*) FROM orchestrator.run_refusals")).Should()
            .Be(0, "a request coalesced into the follow-up is nobody's to wait for, so it is not kept");
        (await host.ScalarAsync<int>(
            "SELECT pending_count FROM orchestrator.run_triggers WHERE source = 'reviews' AND pending"))
            .Should().Be(10);
        host.Log.All<RunAccepted>().Should().ContainSingle("nothing starts while the source is busy");

        await busy.EndAsync();
        var followUp = await host.Log.WaitForOneAsync<RunAccepted>(a => a.Trigger == RunTrigger.FollowUp);
        await host.CompletedAsync(followUp.RunId);

        host.Log.All<RunAccepted>().Select(a => a.RunId).Distinct().Should().Equal(active, followUp.RunId);
        followUp.Sources.Should().Equal("reviews");
        followUp.RequestedBy.Should().Be("detector:change-version", "a follow-up names the first coalesced request");
        (await host.ScalarAsync<string>(
            $"SELECT trigger FROM orchestrator.pipeline_runs WHERE run_id = '{followUp.RunId}'"))
            .Should().Be("follow-up", "the trigger is stored under its wire name");
        (await host.ScalarAsync<bool>("SELECT pending FROM orchestrator.run_triggers WHERE source = 'reviews'"))
            .Should().BeFalse();
        (await host.ScalarAsync<Guid>(
            "SELECT last_follow_up_run FROM orchestrator.run_triggers WHERE source = 'reviews'"))
            .Should().Be(followUp.RunId);
        (await host.Queries.ListLeasesAsync(CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_still_refuse_a_manual_request_for_a_busy_source_without_a_follow_up()
    {
        await using var busy = await BusyReviews.StartAsync(database, output);
        var (host, active) = (busy.Host, busy.ActiveRunId);

        var manual = await host.RequestRunAsync("reviews");
        (await host.RefusedAsync(manual)).Reason.Should().NotContain("follow-up");

        await busy.EndAsync();
        (await host.ScalarAsync<bool>("SELECT pending FROM orchestrator.run_triggers WHERE source = 'reviews'"))
            .Should().BeFalse();
        host.Log.All<RequestRun>(r => r.Trigger == RunTrigger.FollowUp).Should().BeEmpty();
    }
}
