using EcommerceLake.Testing.Fakes.BigQuery;
using EcommerceLake.Warehouse.Marts;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

public sealed class When_the_bigquery_marts_are_built
{
    [Fact]
    public async Task Should_rebuild_every_mart_in_one_transactional_script()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.Fake.Answer = _ => FakeJobAnswer.Row(("daily_sales_by_state_category", 120L), ("review_word_counts", 3400L), ("monthly_sales_fx_inflation", 25L),
            ("bought_together", 900L), ("customer_recommendations", 700L));
        var runId = Guid.NewGuid();

        var result = await bed.Engine.BuildMartsAsync(runId, CancellationToken.None);

        result.RowCounts.Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["daily_sales_by_state_category"] = 120, ["review_word_counts"] = 3400, ["monthly_sales_fx_inflation"] = 25,
            ["bought_together"] = 900, ["customer_recommendations"] = 700,
        });
        var job = bed.Fake.Jobs.Single();
        var sql = job.Query!;
        sql.Should().Contain("BEGIN TRANSACTION;").And.Contain("COMMIT TRANSACTION;");
        foreach (var mart in new[] { "daily_sales_by_state_category", "review_word_counts", "monthly_sales_fx_inflation", "bought_together", "customer_recommendations" })
        {
            sql.Should().Contain($"DELETE FROM `marts`.`{mart}` WHERE TRUE;");
            sql.Should().Contain($"INSERT INTO `marts`.`{mart}`");
        }
        sql.Should().Contain("INSERT INTO `marts`.`builds`");
        sql.Should().Contain("DATE(o.`order_purchase_timestamp`)").And.Contain("DATE_TRUNC(DATE(o.`order_purchase_timestamp`), MONTH)");
        sql.Should().Contain(@"REGEXP_EXTRACT_ALL(").And.Contain(@"r'\p{L}+'").And.Contain("w NOT IN UNNEST(@stop_words)");
        sql.Should().Contain("FROM `trusted`.`reviews_order_reviews` AS r").And.NotContain("{{");
        sql.Should().Contain("ROUND(CAST(p.orders_together AS BIGNUMERIC) / pa.orders, 6) AS confidence")
            .And.Contain("JOIN `marts`.`bought_together` AS t ON t.`product_id` = b.`product_id`");
        sql.IndexOf("INSERT INTO `marts`.`bought_together`", StringComparison.Ordinal).Should()
            .BeLessThan(sql.IndexOf("INSERT INTO `marts`.`customer_recommendations`", StringComparison.Ordinal),
                "the customer recommendations read the pairs refilled just before");
        var stopWords = job.Parameter("stop_words")!;
        stopWords["parameterType"]!["type"]!.GetValue<string>().Should().Be("ARRAY");
        stopWords["parameterType"]!["arrayType"]!["type"]!.GetValue<string>().Should().Be("STRING");
        job.Parameters["stop_words"]!.Split('\n').Should().Equal(PortugueseStopWords.All);
        job.Parameters["stop_words"]!.Split('\n').Should().Contain("não");
        job.Parameters["run_id"].Should().Be(runId.ToString("D"));
        sql.Should().NotContain(runId.ToString("D"));
    }

    [Fact]
    public async Task Should_use_the_prefixed_datasets()
    {
        await using var bed = await BigQueryTestBed.CreateAsync(o => o.DatasetPrefix = "test_");
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.Fake.Answer = _ => FakeJobAnswer.Row(("daily_sales_by_state_category", 1L), ("review_word_counts", 2L), ("monthly_sales_fx_inflation", 3L),
            ("bought_together", 4L), ("customer_recommendations", 5L));

        await bed.Engine.BuildMartsAsync(Guid.NewGuid(), CancellationToken.None);

        var sql = bed.Fake.Jobs.Single().Query!;
        sql.Should().Contain("`test_trusted`.`marketplace_orders`").And.Contain("`test_marts`.`review_word_counts`");
        sql.Should().NotContain(" `trusted`.").And.NotContain(" `marts`.");
    }
}
