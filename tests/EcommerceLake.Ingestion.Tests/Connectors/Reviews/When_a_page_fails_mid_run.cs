using System.Text.Json;
using EcommerceLake.Ingestion.Connectors;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_a_page_fails_mid_run(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    [Fact]
    public async Task Should_throw_and_the_next_run_from_the_old_offset_lands_everything()
    {
        var keys = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString, pageSize: 40);
        var first = await it.Run.ExtractAsync();
        var database = await fixture.CreateSeededDatabaseAsync();
        await using var later = await VendorRun.StartAsync(database, pageSize: 40);
        var committed = first.Result.OffsetTo;
        for (var i = 0; i < 150; i++)
            await ReviewsTestRun.InsertAsync(
                database, $"{i:x32}", $"{i + 1000:x32}", keys[^1].AnsweredAt.AddMinutes(i + 1), $"nova {i}");
        // Page 3 of the run fails for good: every attempt (the first and 3 retries) answers 503.
        later.Vendor.When(c => c.Number >= 3 ? Misbehaviour.ServerError() : null);

        var failing = () => later.Run.ExtractAsync(committed);

        (await failing.Should().ThrowAsync<SourceUnavailableException>()).Which.Message.Should().Contain("503");
        later.Vendor.PageCalls.Should().HaveCount(2 + 4);
        later.Clock.Waits.Should().HaveCount(3);

        later.Vendor.Behave();
        var next = await later.Run.ExtractAsync(committed);

        next.Rows.Select(r => r["review_id"]).Should().Equal(Enumerable.Range(0, 150).Select(i => $"{i:x32}"),
            "the failed run moved nothing: the next one from the same offset reads every new review, once");
        next.Rows[^1]["review_comment_message"].Should().Be("nova 149");
        using var offset = JsonDocument.Parse(next.Result.OffsetTo);
        offset.RootElement.GetProperty("reviewId").GetString().Should().Be($"{149:x32}");
    }
}
