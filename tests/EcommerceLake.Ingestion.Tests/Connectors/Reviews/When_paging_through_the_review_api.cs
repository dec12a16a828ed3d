using System.Globalization;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_paging_through_the_review_api(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    [Fact]
    public async Task Should_return_every_review_once_in_key_order_across_timestamp_ties()
    {
        var expected = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        expected.GroupBy(k => k.AnsweredAt).Should()
            .Contain(g => g.Count() > 1, "the sample holds reviews answered at the same second");
        expected.GroupBy(k => (k.AnsweredAt, k.ReviewId)).Should()
            .Contain(g => g.Count() > 1, "and one review of two orders");
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        using var http = ReviewApiCalls.Client(server);
        var token = await ReviewApiCalls.TokenAsync(http);

        // 7 is prime: page boundaries fall inside the tie groups again and again.
        var (items, pages) = await ReviewApiCalls.ReadAllAsync(http, token, "", limit: 7);

        items.Select(ReviewApiCalls.Key).Should().Equal(expected);
        pages.Should().Be((expected.Count + 6) / 7);
    }

    [Fact]
    public async Task Should_start_strictly_after_a_watermark_inside_a_tie()
    {
        var keys = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        var tieStart = Enumerable.Range(0, keys.Count - 1).First(i => keys[i].AnsweredAt == keys[i + 1].AnsweredAt);
        var watermark = keys[tieStart];
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        using var http = ReviewApiCalls.Client(server);
        var token = await ReviewApiCalls.TokenAsync(http);

        var (items, _) = await ReviewApiCalls.ReadAllAsync(http, token,
            $"&updated_after={watermark.AnsweredAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}"
            + $"&after_id={watermark.ReviewId}&after_order_id={watermark.OrderId}", limit: 11);

        items.Select(ReviewApiCalls.Key).Should().Equal(keys.Skip(tieStart + 1));
    }

    [Fact]
    public async Task Should_present_the_review_fields_as_json_with_iso_timestamps()
    {
        var review = OlistReviews.Sample[0];
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        using var http = ReviewApiCalls.Client(server);
        var token = await ReviewApiCalls.TokenAsync(http);

        var (items, _) = await ReviewApiCalls.ReadAllAsync(http, token, "", limit: 100);

        var item = items.Single(i => i.GetProperty("review_id").GetString() == review.ReviewId
            && i.GetProperty("order_id").GetString() == review.OrderId);
        item.GetProperty("review_score").GetInt32().Should().Be(review.Score);
        item.GetProperty("review_comment_title").GetString().Should().Be(review.Title);
        item.GetProperty("review_comment_message").GetString().Should().Be(review.Message);
        item.GetProperty("review_creation_date").GetString().Should()
            .Be(review.CreatedAt!.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        item.GetProperty("review_answer_timestamp").GetString().Should()
            .Be(review.AnsweredAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}
