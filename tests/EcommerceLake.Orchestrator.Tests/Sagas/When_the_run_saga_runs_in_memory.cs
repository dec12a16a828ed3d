using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Sagas;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Orchestrator.Tests.Sagas;

public class When_the_run_saga_runs_in_memory
{
    private static StreamExtracted Extracted(Guid run, string stream) =>
        new()
        {
            RunId = run,
            Source = "reviews",
            Stream = stream,
            OffsetFrom = null,
            OffsetTo = "{\"v\":2}",
            RowCount = 10,
            QuarantinedCount = 0,
            LandBatchUri = $"land/reviews/{stream}",
            IsFullSnapshot = true,
            DurationSeconds = 0.1,
        };

    private static StreamProcessed Processed(Guid run, string stream) =>
        new()
        {
            RunId = run,
            Source = "reviews",
            Stream = stream,
            RawBatchUri = $"raw/{stream}",
            RowCount = 10,
            RejectedCount = 0,
            IsFullSnapshot = true,
            DurationSeconds = 0.1,
        };

    private static StreamLoaded Loaded(Guid run, string stream) => new()
    {
        RunId = run,
        Source = "reviews",
        Stream = stream,
        RawRowCount = 10,
        TrustedRowCount = 10,
        Inserted = 10,
        Updated = 0,
        Deleted = 0,
        DurationSeconds = 0.1,
    };

    [Fact]
    public async Task Should_walk_a_stream_through_its_steps_commit_its_offset_and_complete()
    {
        await using var saga = await InMemorySaga.StartAsync();
        var runId = await saga.AcceptAsync("reviews");

        await saga.SendAsync(Extracted(runId, "order_reviews"));
        await saga.SendAsync(Extracted(runId, "order_reviews"));
        await saga.SendAsync(Processed(runId, "order_reviews"));
        await saga.SendAsync(Loaded(runId, "order_reviews"));
        await saga.SendAsync(new MartsBuilt
        {
            RunId = runId,
            RowCounts = new Dictionary<string, long> { ["daily_sales"] = 1 },
            DurationSeconds = 0.2,
        });

        saga.Run(runId).CurrentState.Should().Be("Completed");
        saga.Count<ProcessStream>(m => m.RunId == runId).Should().Be(1, "a duplicate StreamExtracted sends nothing");
        saga.Count<LoadStream>(m => m.RunId == runId).Should().Be(1);
        saga.Count<RunCompleted>(m => m.RunId == runId).Should().Be(1);
        saga.Ledger.Offsets[("reviews", "order_reviews")].Should().Be("{\"v\":2}");
        saga.Ledger.Ended.Should().Equal(runId);
    }

    [Fact]
    public async Task Should_run_only_the_streams_a_run_was_narrowed_to()
    {
        await using var saga = await InMemorySaga.StartAsync();
        var runId = await saga.AcceptAsync(["files"], ["files.sellers"]);

        saga.Run(runId).Streams.Select(s => s.Stream).Should().Equal("sellers");
        saga.Count<ExtractStream>(m => m.RunId == runId).Should().Be(1);
        await saga.SendAsync(Extracted(runId, "sellers") with { Source = "files" });
        await saga.SendAsync(Processed(runId, "sellers") with { Source = "files" });
        await saga.SendAsync(Loaded(runId, "sellers") with { Source = "files" });
        await saga.SendAsync(new MartsBuilt
        {
            RunId = runId,
            RowCounts = new Dictionary<string, long>(),
            DurationSeconds = 0.2,
        });

        saga.Run(runId).CurrentState.Should().Be("Completed");
        saga.Run(runId).SelectedStreams.Should().Equal("files.sellers");
        saga.Ledger.Offsets.Keys.Should().Equal(("files", "sellers"));
    }

    [Fact]
    public async Task Should_skip_the_marts_and_keep_the_offset_when_a_stream_fails()
    {
        await using var saga = await InMemorySaga.StartAsync();
        var runId = await saga.AcceptAsync("reviews");

        await saga.SendAsync(Extracted(runId, "order_reviews"));
        await saga.SendAsync(new StreamProcessingFailed
        {
            RunId = runId,
            Source = "reviews",
            Stream = "order_reviews",
            Error = "bad",
            Kind = FailureKind.SourceData,
        });
        await saga.SendAsync(Processed(runId, "order_reviews"));

        var run = saga.Run(runId);
        run.CurrentState.Should().Be("Failed");
        run.Marts.Status.Should().Be(MartsStatus.Skipped);
        run.Error.Should().Be("reviews.order_reviews failed to process (SourceData): bad");
        saga.Count<LoadStream>(m => m.RunId == runId).Should().Be(0, "a late answer after the failure changes nothing");
        saga.Ledger.Offsets.Should().BeEmpty();
    }

    [Fact]
    public async Task Should_end_a_cancelled_run_as_failed_with_the_reason()
    {
        await using var saga = await InMemorySaga.StartAsync();
        var runId = await saga.AcceptAsync("reviews");

        await saga.SendAsync(new CancelRun { RunId = runId, RequestedBy = "dana", Reason = "wrong day" });
        await saga.SendAsync(Extracted(runId, "order_reviews"));

        var run = saga.Run(runId);
        run.CurrentState.Should().Be("Failed");
        run.Error.Should().Be("The run was cancelled by dana: wrong day");
        run.Streams.Single().FailureKind.Should().Be(FailureKind.Cancelled);
        saga.Count<ProcessStream>(m => m.RunId == runId).Should().Be(0);
        saga.Ledger.Ended.Should().Equal(runId);
    }
}
