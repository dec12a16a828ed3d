using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_resuming_from_the_offset(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    [Fact]
    public async Task Should_land_nothing_when_no_review_came_after_the_watermark()
    {
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server));
        var first = await run.ExtractAsync();

        var second = await run.ExtractAsync(first.Result.OffsetTo);

        second.Rows.Should().BeEmpty();
        second.Result.OffsetTo.Should().Be(first.Result.OffsetTo);
    }

    [Fact]
    public async Task Should_pick_up_only_the_reviews_after_the_watermark()
    {
        var database = await fixture.CreateSeededDatabaseAsync();
        await using var server = await ReviewApiFixture.StartServerAsync(database);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server));
        var first = await run.ExtractAsync();
        var last = (await OlistReviews.KeysInApiOrderAsync(database))[^1];
        // One answered later, one answered at the watermark's very second but after its key.
        await ReviewsTestRun.InsertAsync(database, "ffffffffffffffffffffffffffffffff",
            "00000000000000000000000000000001", last.AnsweredAt.AddDays(1), "chegou rapido");
        await ReviewsTestRun.InsertAsync(database, last.ReviewId, "ffffffffffffffffffffffffffffffff", last.AnsweredAt);

        var second = await run.ExtractAsync(first.Result.OffsetTo);

        second.Rows.Select(r => (r["review_id"], r["order_id"])).Should().Equal(
            (last.ReviewId, "ffffffffffffffffffffffffffffffff"),
            ("ffffffffffffffffffffffffffffffff", "00000000000000000000000000000001"));
        second.Rows[1]["review_comment_message"].Should().Be("chegou rapido");
        using var offset = JsonDocument.Parse(second.Result.OffsetTo);
        offset.RootElement.GetProperty("reviewId").GetString().Should().Be("ffffffffffffffffffffffffffffffff");
    }

    [Fact]
    public async Task Should_resume_right_after_a_key_inside_a_timestamp_tie()
    {
        var keys = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        var tieStart = Enumerable.Range(0, keys.Count - 1).First(i => keys[i].AnsweredAt == keys[i + 1].AnsweredAt);
        var watermark = keys[tieStart];
        var offset = JsonSerializer.Serialize(new
        {
            answeredAt = DateTime.SpecifyKind(watermark.AnsweredAt, DateTimeKind.Utc),
            reviewId = watermark.ReviewId,
            orderId = watermark.OrderId,
        });
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server, pageSize: 13));

        var batch = await run.ExtractAsync(offset);

        batch.Rows.Select(r => (r["review_id"], r["order_id"])).Should().Equal(
            keys.Skip(tieStart + 1).Select(k => ((string?)k.ReviewId, (string?)k.OrderId)));
    }

    [Fact]
    public async Task Should_read_from_the_beginning_when_forced()
    {
        var keys = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server, pageSize: 100));
        var first = await run.ExtractAsync();

        var forced = await run.ExtractAsync(first.Result.OffsetTo, forceFull: true);

        forced.Rows.Should().HaveCount(keys.Count);
        forced.Result.IsFullSnapshot.Should().BeTrue();
    }
}
