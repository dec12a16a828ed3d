using System.Diagnostics.Metrics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_many_streams_load_at_once(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task
        Should_queue_them_on_the_run_row_and_end_with_every_stream_loaded_and_every_offset_committed_once()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output, s => s.HoldLoads = true);
        var streamCount = StreamCatalog.Default.All.Count;
        var runId = await host.RequestRunAsync(StreamCatalog.Default.Sources.ToArray());
        var loads = await host.Log.WaitForAsync<LoadStream>(m => m.RunId == runId, count: streamCount);
        using var conflicts = new ConflictCounter(runId);

        // Every stream of the run finishes its load at the same moment: the saga row is contended
        // (SELECT … FOR UPDATE).
        await Task.WhenAll(loads.Select(l => host.Bus.Publish(FakeWarehouse.Loaded(l))));
        await host.CompletedAsync(runId);

        output.WriteLine($"optimistic-concurrency conflicts retried: {conflicts.Count}");
        conflicts.Count.Should().Be(0, "concurrent StreamLoaded events of one run wait on its row lock, none retries");
        host.Log.All<SagaConsumed>(c => c.Faulted).Should().BeEmpty();
        var run = await host.RunAsync(runId);
        run.Run.State.Should().Be("Completed");
        run.Streams.Should().HaveCount(streamCount)
            .And.OnlyContain(s => s.Status == StreamRunStatus.Loaded && s.OffsetCommittedAt != null);
        var offsets = await host.Queries.ListOffsetsAsync(CancellationToken.None);
        offsets.Should().HaveCount(streamCount)
            .And.OnlyContain(o => o.RunId == runId && o.Offset == FakeScenario.OffsetOf(runId));
        // The offset row and the stream's "Loaded" were written by the same successful attempt.
        foreach (var offset in offsets)
            run.Streams.Single(s => s.Source == offset.Source && s.Stream == offset.Stream).OffsetCommittedAt.Should()
                .Be(offset.CommittedAt);
        host.Log.All<BuildMarts>(m => m.RunId == runId).Select(m => m.Chain).Should()
            .OnlyHaveUniqueItems("a failed attempt publishes nothing").And.HaveCount(MartsInputs.Chains.Count);
        host.Log.All<RunCompleted>(m => m.RunId == runId).Should().ContainSingle();
    }

    [Fact]
    public async Task Should_publish_each_command_once_even_when_the_earlier_steps_collide()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        using var conflicts = new ConflictCounter(null);
        var runs = new[]
        {
            await host.RequestRunAsync("marketplace"), await host.RequestRunAsync("economics", "files", "reviews"),
        };

        foreach (var runId in runs) await host.CompletedAsync(runId);

        output.WriteLine($"optimistic-concurrency conflicts retried: {conflicts.Count}");
        foreach (var runId in runs)
        {
            var extracted = host.Log.All<ExtractStream>(m => m.RunId == runId);
            extracted.Should().OnlyHaveUniqueItems(m => m.Stream);
            host.Log.All<ProcessStream>(m => m.RunId == runId).Should().HaveCount(extracted.Count)
                .And.OnlyHaveUniqueItems(m => m.Stream);
            host.Log.All<LoadStream>(m => m.RunId == runId).Should().HaveCount(extracted.Count)
                .And.OnlyHaveUniqueItems(m => m.Stream);
            host.Log.All<BuildMarts>(m => m.RunId == runId).Select(m => m.Chain).Should()
            .OnlyHaveUniqueItems().And.HaveCount(MartsInputs.Chains.Count);
        }
        (await host.Queries.ListOffsetsAsync(CancellationToken.None)).Should()
            .HaveCount(StreamCatalog.Default.All.Count);
    }

    /// <summary>Counts <see cref="PipelineRunSagaRepositoryContextFactory.Conflicts"/> measurements (of one run, when
    /// given).</summary>
    private sealed class ConflictCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public ConflictCounter(Guid? runId)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument == PipelineRunSagaRepositoryContextFactory.Conflicts)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == LakeTelemetry.RunIdTag && (runId is null || Equals(tag.Value, runId.ToString())))
                        Interlocked.Add(ref _count, value);
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
