using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_a_review_lacks_its_key(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    [Fact]
    public async Task Should_quarantine_it_with_its_page_and_item_and_land_the_rest()
    {
        var database = await fixture.CreateSeededDatabaseAsync();
        var middle = (await OlistReviews.KeysInApiOrderAsync(database))[200];
        await ReviewsTestRun.InsertAsync(
            database, "", "a4591c265e18cb1dcee52889e2d8acc3", middle.AnsweredAt.AddSeconds(1), "sem id");
        var keys = await OlistReviews.KeysInApiOrderAsync(database);
        var rank = keys.FindIndex(k => k.ReviewId.Length == 0);
        await using var server = await ReviewApiFixture.StartServerAsync(database);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server, pageSize: 50));

        var batch = await run.ExtractAsync();

        var quarantined = batch.Quarantine.Should().ContainSingle().Subject;
        quarantined.Position.Should().Be($"page {rank / 50 + 1} item {rank % 50 + 1}");
        quarantined.Reason.Should().Contain("review_id");
        quarantined.Content.Should().Contain("a4591c265e18cb1dcee52889e2d8acc3");
        batch.Rows.Should().HaveCount(keys.Count - 1);
        batch.Rows[^1]["review_id"].Should().Be(keys[^1].ReviewId);
    }
}
