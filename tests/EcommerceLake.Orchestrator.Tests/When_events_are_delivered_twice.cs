using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_events_are_delivered_twice(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_ignore_duplicates_of_earlier_steps_while_a_stream_is_loading()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output, s => s.HoldLoads = true);
        var runId = await host.RequestRunAsync("files");
        var loads = await host.Log.WaitForAsync<LoadStream>(m => m.RunId == runId, count: 3);
        var before = await host.RunAsync(runId);
        var extracted = host.Log.All<SagaConsumed>(c => !c.Faulted)
            .Select(c => c.Message).OfType<StreamExtracted>().Where(e => e.RunId == runId).ToList();
        var processed = host.Log.All<SagaConsumed>(c => !c.Faulted)
            .Select(c => c.Message).OfType<StreamProcessed>().Where(p => p.RunId == runId).ToList();
        extracted.Should().HaveCount(3);

        foreach (var message in extracted) await host.PublishToSagaAndWaitAsync(message);
        foreach (var message in processed) await host.PublishToSagaAndWaitAsync(message);
        await host.PublishToSagaAndWaitAsync(new StreamExtractionFailed
        {
            RunId = runId,
            Source = "files",
            Stream = "sellers",
            Error = "late failure",
        });
        await host.PublishToSagaAndWaitAsync(new RunAccepted
        {
            RunId = runId,
            Sources = ["files"],
            Trigger = RunTrigger.Api,
            RequestedBy = "tests",
            ForceFull = false,
            AcceptedAt = DateTimeOffset.UtcNow,
        });
        await host.PublishToSagaAndWaitAsync(new MartsBuilt
        {
            RunId = runId,
            RowCounts = new Dictionary<string, long>(),
            DurationSeconds = 0,
        });

        var after = await host.RunAsync(runId);
        after.Should().BeEquivalentTo(before, "duplicate and late events change nothing");
        host.Log.All<ExtractStream>(m => m.RunId == runId).Should().HaveCount(3);
        host.Log.All<ProcessStream>(m => m.RunId == runId).Should().HaveCount(3);
        host.Log.All<LoadStream>(m => m.RunId == runId).Should().HaveCount(3);

        // Each StreamLoaded twice, all at once.
        await Task.WhenAll(loads.Concat(loads).Select(l => host.Bus.Publish(FakeWarehouse.Loaded(l))));
        await host.CompletedAsync(runId);
        await host.SagaConsumedAsync<StreamLoaded>(l => l.RunId == runId, count: 6);

        host.Log.All<BuildMarts>(m => m.RunId == runId).Select(m => m.Chain).Should()
            .OnlyHaveUniqueItems().And.HaveCount(MartsInputs.Chains.Count);
        var offsets = await host.Queries.ListOffsetsAsync(CancellationToken.None);
        offsets.Should().HaveCount(3).And.OnlyContain(o => o.RunId == runId);
        var run = await host.RunAsync(runId);
        foreach (var offset in offsets)
            run.Streams.Single(s => s.Stream == offset.Stream).OffsetCommittedAt.Should()
                .Be(offset.CommittedAt, "the duplicate did not commit again");
    }

    [Fact]
    public async Task Should_ignore_every_event_after_the_run_ended()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var runId = await host.RequestRunAsync("files");
        await host.CompletedAsync(runId);
        var before = await host.RunAsync(runId);
        var offsetsBefore = await host.Queries.ListOffsetsAsync(CancellationToken.None);

        await host.PublishToSagaAndWaitAsync(new RunAccepted
        {
            RunId = runId,
            Sources = ["files"],
            Trigger = RunTrigger.Api,
            RequestedBy = "tests",
            ForceFull = false,
            AcceptedAt = DateTimeOffset.UtcNow,
        });
        await host.PublishToSagaAndWaitAsync(new StreamExtracted
        {
            RunId = runId,
            Source = "files",
            Stream = "sellers",
            OffsetFrom = null,
            OffsetTo = "{\"late\":true}",
            RowCount = 1,
            QuarantinedCount = 0,
            LandBatchUri = "land/x",
            IsFullSnapshot = true,
            DurationSeconds = 1,
        });
        await host.PublishToSagaAndWaitAsync(new StreamProcessed
        {
            RunId = runId,
            Source = "files",
            Stream = "sellers",
            RawBatchUri = "raw/x",
            RowCount = 1,
            RejectedCount = 0,
            IsFullSnapshot = true,
            DurationSeconds = 1,
        });
        await host.PublishToSagaAndWaitAsync(new StreamLoaded
        {
            RunId = runId,
            Source = "files",
            Stream = "sellers",
            RawRowCount = 1,
            TrustedRowCount = 1,
            Inserted = 1,
            Updated = 0,
            Deleted = 0,
            DurationSeconds = 1,
        });
        await host.PublishToSagaAndWaitAsync(new StreamLoadFailed
        {
            RunId = runId,
            Source = "files",
            Stream = "sellers",
            Error = "late",
        });
        await host.PublishToSagaAndWaitAsync(new MartsBuilt
        {
            RunId = runId,
            RowCounts = new Dictionary<string, long> { ["x"] = 1 },
            DurationSeconds = 1,
        });
        await host.PublishToSagaAndWaitAsync(new MartsBuildFailed { RunId = runId, Error = "late" });

        (await host.RunAsync(runId)).Should().BeEquivalentTo(before);
        (await host.Queries.ListOffsetsAsync(CancellationToken.None)).Should().BeEquivalentTo(offsetsBefore);
        host.Log.All<ExtractStream>(m => m.RunId == runId).Should().HaveCount(3);
        host.Log.All<ProcessStream>(m => m.RunId == runId).Should().HaveCount(3);
        host.Log.All<BuildMarts>(m => m.RunId == runId).Select(m => m.Chain).Should()
            .OnlyHaveUniqueItems().And.HaveCount(MartsInputs.Chains.Count);
        host.Log.All<RunCompleted>(m => m.RunId == runId).Should().ContainSingle();
        host.Log.All<RunFailed>(m => m.RunId == runId).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_create_one_run_when_RunAccepted_arrives_twice_at_once()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var runId = Guid.NewGuid();
        var accepted = new RunAccepted
        {
            RunId = runId,
            Sources = ["marketplace"],
            Trigger = RunTrigger.Api,
            RequestedBy = "tests",
            ForceFull = false,
            AcceptedAt = DateTimeOffset.UtcNow,
        };

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.Bus.Publish(accepted)));
        await host.CompletedAsync(runId);
        await host.SagaConsumedAsync<RunAccepted>(a => a.RunId == runId, count: 4);

        host.Log.All<SagaConsumed>(c => c.Faulted && !c.LostRace).Should().BeEmpty(
            "an attempt that lost the race to insert the run is rolled back and retried, nothing else faults");
        host.Log.All<ExtractStream>(m => m.RunId == runId).Should().HaveCount(6).And.OnlyHaveUniqueItems(m => m.Stream);
        host.Log.All<RunCompleted>(m => m.RunId == runId).Should().ContainSingle();
        (await host.Queries.ListRunsAsync(10, RunFilter.None, CancellationToken.None))
            .Should().ContainSingle(r => r.RunId == runId);
    }

    [Fact]
    public async Task Should_drop_events_of_an_unknown_run()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        var runId = Guid.NewGuid();

        await host.PublishToSagaAndWaitAsync(new StreamLoaded
        {
            RunId = runId,
            Source = "files",
            Stream = "sellers",
            RawRowCount = 1,
            TrustedRowCount = 1,
            Inserted = 1,
            Updated = 0,
            Deleted = 0,
            DurationSeconds = 1,
        });

        (await host.Queries.GetRunAsync(runId, CancellationToken.None)).Should().BeNull();
        (await host.Queries.ListOffsetsAsync(CancellationToken.None)).Should().BeEmpty();
    }
}
