using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Deadlines;
using EcommerceLake.Orchestrator.Sagas;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Orchestrator.Tests.Sagas;

/// <summary>
/// A run of <c>files</c> and <c>reviews</c>: <c>files.category_translation</c> feeds the order chain,
/// <c>reviews.order_reviews</c> the review chain, and <c>files.products</c> and <c>files.sellers</c> feed none.
/// </summary>
public class When_marts_chains_build_apart
{
    [Fact]
    public async Task Should_build_the_order_chain_while_the_reviews_still_load()
    {
        await using var saga = await InMemorySaga.StartAsync();
        var runId = await saga.AcceptAsync("files", "reviews");

        await LoadAsync(saga, runId, "files", "category_translation");

        saga.Count<BuildMarts>(m => m.RunId == runId).Should().Be(1);
        saga.Count<BuildMarts>(m => m.RunId == runId && m.Chain == MartsChainName.Orders).Should().Be(1,
            "the order chain's only stream in the run is loaded, though three streams still run");
        await saga.SendAsync(Built(runId, MartsChainName.Orders));
        var run = saga.Run(runId);
        run.CurrentState.Should().Be("Running");
        run.Marts.Find(MartsChainName.Orders)!.Status.Should().Be(MartsStatus.Built);
        run.Marts.Find(MartsChainName.Reviews)!.Status.Should().Be(MartsStatus.Pending);
        saga.Ledger.Ended.Should().BeEmpty("the sources stay leased while streams run");

        await LoadAsync(saga, runId, "reviews", "order_reviews");
        saga.Count<BuildMarts>(m => m.RunId == runId && m.Chain == MartsChainName.Reviews).Should().Be(1);
        await LoadAsync(saga, runId, "files", "products");
        await LoadAsync(saga, runId, "files", "sellers");
        saga.Run(runId).CurrentState.Should().Be("BuildingMarts");
        saga.Ledger.Ended.Should().Equal([runId], "every stream settled: the sources are released while marts build");

        await saga.SendAsync(Built(runId, MartsChainName.Reviews));
        run = saga.Run(runId);
        run.CurrentState.Should().Be("Completed");
        run.Marts.Status.Should().Be(MartsStatus.Built);
        run.Marts.Tables.Select(t => t.Table).Should().Equal("orders_mart", "reviews_mart");
        saga.Count<BuildMarts>(m => m.RunId == runId).Should().Be(2);
        saga.Count<RunCompleted>(m => m.RunId == runId).Should().Be(1);
    }

    [Fact]
    public async Task Should_skip_the_chain_of_a_failed_stream_build_the_other_and_fail_the_run()
    {
        await using var saga = await InMemorySaga.StartAsync();
        var runId = await saga.AcceptAsync("files", "reviews");

        await saga.SendAsync(new StreamExtractionFailed
        {
            RunId = runId, Source = "reviews", Stream = "order_reviews", Error = "vendor down",
            Kind = FailureKind.Transient,
        });
        foreach (var stream in new[] { "category_translation", "products", "sellers" })
            await LoadAsync(saga, runId, "files", stream);
        var run = saga.Run(runId);
        run.Marts.Find(MartsChainName.Reviews)!.Status.Should().Be(MartsStatus.Skipped);
        run.CurrentState.Should().Be("BuildingMarts", "the order chain's streams loaded, so its marts build");

        await saga.SendAsync(Built(runId, MartsChainName.Orders));
        run = saga.Run(runId);
        run.CurrentState.Should().Be("Failed");
        run.Error.Should().Contain("reviews.order_reviews").And.Contain("vendor down");
        run.Marts.Find(MartsChainName.Orders)!.Status.Should().Be(MartsStatus.Built);
        saga.Count<BuildMarts>(m => m.RunId == runId).Should().Be(1);
        saga.Ledger.Offsets.Keys.Should().NotContain(("reviews", "order_reviews"));
    }

    [Fact]
    public async Task Should_send_a_chain_again_past_its_step_deadline_and_ignore_a_duplicate_answer()
    {
        await using var saga = await InMemorySaga.StartAsync();
        var runId = await saga.AcceptAsync("files", "reviews");
        await LoadAsync(saga, runId, "files", "category_translation");
        await LoadAsync(saga, runId, "reviews", "order_reviews");
        await saga.SendAsync(Built(runId, MartsChainName.Reviews));

        saga.Clock.Advance(new DeadlineOptions().Step);
        await saga.SendAsync(new RunDeadlinesDue(runId));

        var orders = saga.Run(runId).Marts.Find(MartsChainName.Orders)!;
        orders.Attempt.Should().Be(2);
        saga.Count<BuildMarts>(m => m.RunId == runId && m.Chain == MartsChainName.Orders).Should().Be(2);
        saga.Count<BuildMarts>(m => m.RunId == runId && m.Chain == MartsChainName.Reviews).Should().Be(1,
            "the built chain has no deadline");

        await saga.SendAsync(Built(runId, MartsChainName.Reviews) with { DurationSeconds = 99 });
        saga.Run(runId).Marts.Find(MartsChainName.Reviews)!.DurationSeconds.Should().Be(0.5,
            "a duplicate answer for a built chain changes nothing");
    }

    [Fact]
    public async Task Should_settle_every_building_chain_on_an_answer_for_all_chains()
    {
        await using var saga = await InMemorySaga.StartAsync();
        var runId = await saga.AcceptAsync("reviews");
        await LoadAsync(saga, runId, "reviews", "order_reviews");
        saga.Count<BuildMarts>(m => m.RunId == runId).Should().Be(2,
            "the order chain, fed by no stream of the run, builds once they all loaded");

        await saga.SendAsync(Built(runId, null));

        var run = saga.Run(runId);
        run.CurrentState.Should().Be("Completed");
        run.Marts.Chains.Should().OnlyContain(c => c.Status == MartsStatus.Built);
    }

    private static MartsBuilt Built(Guid runId, MartsChainName? chain) => new()
    {
        RunId = runId,
        Chain = chain,
        RowCounts = new Dictionary<string, long> { [$"{(chain is { } c ? WireName.Of(c) : "all")}_mart"] = 1 },
        DurationSeconds = 0.5,
    };

    private static async Task LoadAsync(InMemorySaga saga, Guid runId, string source, string stream)
    {
        await saga.SendAsync(new StreamExtracted
        {
            RunId = runId, Source = source, Stream = stream, OffsetFrom = null, OffsetTo = "{\"v\":1}",
            RowCount = 2, QuarantinedCount = 0, LandBatchUri = $"land/{source}/{stream}", IsFullSnapshot = true,
            DurationSeconds = 0.1,
        });
        await saga.SendAsync(new StreamProcessed
        {
            RunId = runId, Source = source, Stream = stream, RawBatchUri = $"raw/{source}/{stream}", RowCount = 2,
            RejectedCount = 0, IsFullSnapshot = true, DurationSeconds = 0.1,
        });
        await saga.SendAsync(new StreamLoaded
        {
            RunId = runId, Source = source, Stream = stream, RawRowCount = 2, TrustedRowCount = 2, Inserted = 2,
            Updated = 0, Deleted = 0, DurationSeconds = 0.1,
        });
    }
}
