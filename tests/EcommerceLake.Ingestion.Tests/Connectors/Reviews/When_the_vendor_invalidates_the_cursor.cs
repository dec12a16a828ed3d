using System.Text.Json;
using EcommerceLake.Ingestion.Connectors;
using FluentAssertions;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_the_vendor_invalidates_the_cursor(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    [Fact]
    public async Task Should_restart_from_the_watermark_minus_the_overlap_and_land_every_review_once()
    {
        var keys = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString, pageSize: 50);
        it.Vendor.OnCall(4, Misbehaviour.CursorGone);

        var batch = await it.Run.ExtractAsync();

        var restart = it.Vendor.PageCalls[4];
        restart.HasCursor.Should().BeFalse();
        restart.Query["updated_after"].Should().Be(ApiTime(keys[149].AnsweredAt - TimeSpan.FromMinutes(5)),
            "3 pages of 50 were landed; the default overlap is 5 minutes");
        restart.Query.Should().NotContainKey("after_id");
        VendorRun.Keys(batch).Should().OnlyHaveUniqueItems().And.Equal(VendorRun.Keys(keys));
        Offset(batch).Should().Be((keys[^1].ReviewId, keys[^1].OrderId));
    }

    [Fact]
    public async Task Should_treat_a_400_naming_the_cursor_as_an_invalidated_cursor()
    {
        var keys = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString,
            settings: new Dictionary<string, string?>
            {
                ["Sources:Reviews:OverlapWindow"] = "1.00:00:00",
            });
        it.Vendor.OnCall(2, Misbehaviour.InvalidCursor).OnCall(5, Misbehaviour.InvalidCursor);

        var batch = await it.Run.ExtractAsync();

        it.Vendor.PageCalls.Where(c => c.Status == 400).Should().HaveCount(2);
        VendorRun.Keys(batch).Should().OnlyHaveUniqueItems().And.Equal(VendorRun.Keys(keys));
    }

    [Fact]
    public async Task Should_never_reach_back_before_the_committed_offset()
    {
        var keys = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        // A committed offset followed within the hour by the next review: a day of overlap would reach back past it.
        var at = Enumerable.Range(0, keys.Count - 10)
            .First(i => keys[i + 1].AnsweredAt - keys[i].AnsweredAt < TimeSpan.FromHours(1));
        var from = keys[at];
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString, pageSize: 1,
            settings: new Dictionary<string, string?>
            {
                ["Sources:Reviews:OverlapWindow"] = "1.00:00:00",
            });
        it.Vendor.OnCall(2, Misbehaviour.CursorGone);

        var batch = await it.Run.ExtractAsync(OffsetOf(from));

        var restart = it.Vendor.PageCalls[2];
        restart.HasCursor.Should().BeFalse();
        restart.Query.Should().Contain("after_id", from.ReviewId).And.Contain("after_order_id", from.OrderId);
        VendorRun.Keys(batch).Should().Equal(VendorRun.Keys(keys.Skip(at + 1)));
    }

    [Fact]
    public async Task Should_land_a_review_that_arrived_late_inside_the_overlap_without_moving_the_offset_back()
    {
        var database = await fixture.CreateSeededDatabaseAsync();
        var keys = await OlistReviews.KeysInApiOrderAsync(database);
        var lateAt = keys[149].AnsweredAt.AddMinutes(-1);
        await using var it = await VendorRun.StartAsync(database, pageSize: 50);
        it.Vendor.When(c =>
        {
            if (c.Number != 4) return null;
            // While the cursor expires, a review shows up answered a minute before the last one landed.
            ReviewsTestRun.InsertAsync(database, "1a7e1a7e1a7e1a7e1a7e1a7e1a7e1a7e", "0bde0bde0bde0bde0bde0bde0bde0bde",
                lateAt, "chegou depois").GetAwaiter().GetResult();
            return Misbehaviour.CursorGone();
        });

        var batch = await it.Run.ExtractAsync();

        var landed = VendorRun.Keys(batch);
        landed.Should().OnlyHaveUniqueItems();
        landed.Should().Contain(("1a7e1a7e1a7e1a7e1a7e1a7e1a7e1a7e", "0bde0bde0bde0bde0bde0bde0bde0bde"));
        landed.Should().BeEquivalentTo(
            VendorRun.Keys(keys).Append(("1a7e1a7e1a7e1a7e1a7e1a7e1a7e1a7e", "0bde0bde0bde0bde0bde0bde0bde0bde")));
        Offset(batch).Should().Be((keys[^1].ReviewId, keys[^1].OrderId));
    }

    [Fact]
    public async Task Should_fail_when_restarts_keep_landing_nothing_new()
    {
        var only = new
        {
            review_id = "r1", order_id = "o1", review_score = 5, review_answer_timestamp = "2018-01-01T10:00:00Z",
        };
        await using var vendor = await FakeReviewVendor.StartAsync((_, context) =>
            context.Request.Query.ContainsKey("cursor")
                ? Results.Json(new { error = "cursor_expired" }, statusCode: StatusCodes.Status410Gone)
                : Results.Json(new { data = new[] { only }, next_cursor = "c" }));
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(vendor.BaseAddress,
            overrides: new Dictionary<string, string?>
            {
                ["Sources:Reviews:MaxCursorRestarts"] = "3",
            }));

        var extract = () => run.ExtractAsync();

        (await extract.Should().ThrowAsync<SourceUnavailableException>()).Which.Message
            .Should().Contain("MaxCursorRestarts").And.Contain("410");
        vendor.PageCalls.Should().Be(2 * 4,
            "the first read and 3 restarts, each a page and a refused cursor; the fourth refusal fails the run");
    }

    private static string ApiTime(DateTime at) =>
        at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string OffsetOf((DateTime AnsweredAt, string ReviewId, string OrderId) key) =>
        JsonSerializer.Serialize(new
        {
            answeredAt = DateTime.SpecifyKind(key.AnsweredAt, DateTimeKind.Utc),
            reviewId = key.ReviewId,
            orderId = key.OrderId,
        });

    private static (string?, string?) Offset(Files.LandedBatch batch)
    {
        using var offset = JsonDocument.Parse(batch.Result.OffsetTo);
        return (offset.RootElement.GetProperty("reviewId").GetString(),
            offset.RootElement.GetProperty("orderId").GetString());
    }
}
