using System.Globalization;
using System.Text.Json;
using EcommerceLake.Contracts;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_extracting_reviews(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    [Fact]
    public async Task Should_land_every_review_across_all_pages_in_key_order()
    {
        var keys = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server, pageSize: 50));

        var batch = await run.ExtractAsync();

        keys.Count.Should().BeGreaterThan(50 * 5, "the connector has to follow the cursor over many pages");
        batch.Quarantine.Should().BeEmpty();
        batch.Rows.Select(r => (r["review_id"], r["order_id"])).Should()
            .Equal(keys.Select(k => ((string?)k.ReviewId, (string?)k.OrderId)));
        batch.Rows.Should().OnlyContain(r => r["_op"] == "I");
        batch.Result.IsFullSnapshot.Should().BeFalse();
        batch.Result.SchemaDrift.Should().BeEquivalentTo(new SchemaDrift { Added = [], Missing = [] },
            "the vendor's reviews carry the spec's fields, some of them null in some reviews");
    }

    [Fact]
    public async Task Should_land_each_column_as_text_versioned_by_the_answer_time()
    {
        var review = OlistReviews.Sample.First(r =>
            r.Message?.Contains("\r\n", StringComparison.Ordinal) == true && r.Title is null);
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server));

        var batch = await run.ExtractAsync();

        batch.Rows.Single(r => r["review_id"] == review.ReviewId && r["order_id"] == review.OrderId).Should().Equal(
            new Dictionary<string, string?>
            {
                ["_op"] = "I",
                ["_change_version"] = ReviewsTestRun.Version(review.AnsweredAt),
                ["review_id"] = review.ReviewId,
                ["order_id"] = review.OrderId,
                ["review_score"] = review.Score!.Value.ToString(CultureInfo.InvariantCulture),
                ["review_comment_title"] = null,
                ["review_comment_message"] = review.Message,
                ["review_creation_date"] =
                    review.CreatedAt!.Value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                ["review_answer_timestamp"] =
                    review.AnsweredAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                // Without marketplace tables in the vendor's database the order-derived arrays are empty.
                ["products"] = "[]",
                ["users"] = "[]",
                ["sentiments"] = review.Score switch
                {
                    5 => """[{"label":"positive","score":1.00,"source":"review_score"}]""",
                    4 => """[{"label":"positive","score":0.75,"source":"review_score"}]""",
                    3 => """[{"label":"neutral","score":0.50,"source":"review_score"}]""",
                    2 => """[{"label":"negative","score":0.25,"source":"review_score"}]""",
                    _ => """[{"label":"negative","score":0.00,"source":"review_score"}]""",
                },
            });
    }

    [Fact]
    public async Task Should_keep_each_nested_array_as_the_exact_json_text_the_vendor_sent()
    {
        const string products = "[ {\"product_id\": \"p1\", \"price\": 58.90},\n" +
            "  {\"product_id\":\"p2\",\"nome\":\"São Paulo \\\"centro\\\"\",\"tags\":[1, 2.50, null]} ]";
        const string users = """[{"customer_id":"c1","z":{},"a":[]}]""";
        var database = await fixture.CreateSeededDatabaseAsync();
        var last = (await OlistReviews.KeysInApiOrderAsync(database))[^1];
        await ReviewsTestRun.InsertAsync(database, "feedfeedfeedfeedfeedfeedfeedfeed",
            "beefbeefbeefbeefbeefbeefbeefbeef", last.AnsweredAt.AddDays(1), "ok",
            products: products, users: users, sentiments: "[]");
        await using var server = await ReviewApiFixture.StartServerAsync(database);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server));

        var batch = await run.ExtractAsync();

        var row = batch.Rows[^1];
        row["review_id"].Should().Be("feedfeedfeedfeedfeedfeedfeedfeed");
        row["products"].Should().Be(products, "white space, number text, escapes and key order survive");
        row["users"].Should().Be(users);
        row["sentiments"].Should().Be("[]");
    }

    [Fact]
    public async Task Should_return_the_key_of_the_last_review_as_the_offset()
    {
        var last = (await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString))[^1];
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server));

        var batch = await run.ExtractAsync();

        using var offset = JsonDocument.Parse(batch.Result.OffsetTo);
        offset.RootElement.GetProperty("answeredAt").GetDateTime().ToUniversalTime().Should()
            .Be(DateTime.SpecifyKind(last.AnsweredAt, DateTimeKind.Utc));
        offset.RootElement.GetProperty("reviewId").GetString().Should().Be(last.ReviewId);
        offset.RootElement.GetProperty("orderId").GetString().Should().Be(last.OrderId);
    }
}
