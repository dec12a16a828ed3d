using EcommerceLake.Contracts;
using EcommerceLake.Testing.Fakes.BigQuery;
using EcommerceLake.Warehouse.BigQuery;
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
        bed.Fake.Answer = job => job.Query!.Contains("AS full_build", StringComparison.Ordinal)
            ? FakeJobAnswer.Row(("full_build", 1L))
            : FakeJobAnswer.Row(("daily_sales_by_state_category", 120L), ("review_word_counts", 3400L),
                ("monthly_sales_fx_inflation", 25L), ("bought_together", 900L), ("customer_recommendations", 700L));
        var runId = Guid.NewGuid();

        var result = await bed.Engine.BuildMartsAsync(runId, null, CancellationToken.None);

        result.RowCounts.Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["daily_sales_by_state_category"] = 120, ["review_word_counts"] = 3400, ["monthly_sales_fx_inflation"] = 25,
            ["bought_together"] = 900, ["customer_recommendations"] = 700,
        });
        bed.Fake.Jobs.Should().HaveCount(2, "a query decides the mode, then the build script runs");
        bed.Fake.Jobs[0].Parameters["run_id"].Should().Be(runId.ToString("D"));
        var job = bed.Fake.Jobs[1];
        var sql = job.Query!;
        sql.Should().Contain("BEGIN TRANSACTION;").And.Contain("COMMIT TRANSACTION;");
        foreach (var mart in new[] { "daily_sales_by_state_category", "review_word_counts",
                     "monthly_sales_fx_inflation", "bought_together", "customer_recommendations" })
        {
            sql.Should().Contain($"DELETE FROM `marts`.`{mart}` WHERE TRUE;");
            sql.Should().Contain($"INSERT INTO `marts`.`{mart}`");
        }
        sql.Should().Contain("INSERT INTO `marts`.`builds`");
        sql.Should().Contain("DATE(o.`order_purchase_timestamp`)").And.Contain("DATE_TRUNC(`sales_date`, MONTH)");
        sql.Should().Contain("DELETE FROM `marts`.`order_lines` WHERE TRUE;")
            .And.Contain("INSERT INTO `marts`.`order_lines`")
            .And.Contain("DELETE FROM `land`.`changes_marketplace_orders` WHERE TRUE;")
            .And.Contain("'full', @definition, NULL)");
        sql.Should().Contain(@"REGEXP_EXTRACT_ALL(").And.Contain(@"r'\p{L}+'")
            .And.Contain("w NOT IN UNNEST(@stop_words)");
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
        bed.Fake.Answer = job => job.Query!.Contains("AS full_build", StringComparison.Ordinal)
            ? FakeJobAnswer.Row(("full_build", 1L))
            : FakeJobAnswer.Row(("daily_sales_by_state_category", 1L), ("review_word_counts", 2L),
                ("monthly_sales_fx_inflation", 3L), ("bought_together", 4L), ("customer_recommendations", 5L));

        await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);

        var sql = bed.Fake.Jobs[1].Query!;
        sql.Should().Contain("`test_trusted`.`marketplace_orders`").And.Contain("`test_marts`.`review_word_counts`");
        sql.Should().NotContain(" `trusted`.").And.NotContain(" `marts`.");
    }

    [Fact]
    public async Task Should_maintain_the_marts_for_the_recorded_keys_when_the_definition_is_unchanged()
    {
        await using var bed = await IncrementalBedAsync(BigQueryMartsSql.Marts, 7);

        var result = await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);

        result.RowCounts.Values.Should().OnlyContain(n => n == 7);
        var mode = bed.Fake.Jobs[0];
        mode.Query.Should().Contain("IS DISTINCT FROM @definition").And.Contain("LOGICAL_AND(`is_full_snapshot`)")
            .And.Contain("EXISTS (SELECT 1 FROM `land`.`changes_marketplace_orders`)");
        mode.Parameters["source_tables"]!.Split('\n').Should().Contain(["marketplace_orders", "reviews_order_reviews"]);
        var sql = bed.Fake.Jobs[1].Query!;
        sql.Should().Contain("BEGIN TRANSACTION;").And.Contain("COMMIT TRANSACTION;").And.NotContain("{{")
            .And.NotContain("-- run:");
        sql.Should()
            .NotContain("DELETE FROM `marts`.`bought_together` WHERE TRUE;", "only the affected products' rows go")
            .And.Contain("DELETE FROM `marts`.`bought_together` WHERE `product_id` IN " +
                "(SELECT `product_id` FROM lake_pair_products);")
            .And.Contain("MERGE `marts`.`daily_sales_by_state_category` AS m")
            .And.Contain("AND i.`order_id` IN (SELECT `order_id` FROM lake_orders)")
            .And.Contain("AND a.`product_id` IN (SELECT `product_id` FROM lake_pair_products)")
            .And.Contain("WHERE c.`review_id` = r.`review_id` AND c.`order_id` = r.`order_id`)")
            .And.Contain("'incremental', @definition, NULL)");
        foreach (var table in new[] { "files_category_translation", "marketplace_customers", "marketplace_order_items",
                     "marketplace_orders", "marketplace_products", "reviews_order_reviews" })
            sql.Should().Contain($"DELETE FROM `land`.`changes_{table}` WHERE TRUE;");
        bed.Fake.Table("land", "changes_marketplace_order_items").Should()
            .NotBeNull("InitializeAsync creates the change tables");
        bed.Fake.Table("land", "changes_economics_ipca").Should().BeNull("no mart reads the series incrementally");
    }

    [Fact]
    public async Task Should_only_rebuild_the_monthly_mart_when_nothing_changed_since_the_last_build()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        // As after an empty run: the last build ran this definition, the run loaded nothing, no key is recorded.
        bed.Fake.Answer = job => job.Query!.Contains("AS full_build", StringComparison.Ordinal)
            ? FakeJobAnswer.Row(("full_build", 0L), ("changed", 0L))
            : FakeJobAnswer.Row([.. BigQueryMartsSql.Marts.Select(m => (m, (object?)(long)m.Length))]);
        var runId = Guid.NewGuid();

        var result = await bed.Engine.BuildMartsAsync(runId, null, CancellationToken.None);
        await bed.Engine.BuildMartsAsync(runId, null, CancellationToken.None);

        result.RowCounts.Should().BeEquivalentTo(BigQueryMartsSql.Marts.ToDictionary(m => m, m => (long)m.Length),
            "every mart is still counted");
        bed.Fake.Jobs.Should().HaveCount(2, "a redelivered build re-attaches to its mode query and its script");
        var job = bed.Fake.Jobs[1];
        var sql = job.Query!;
        sql.Should().Contain("'unchanged', @definition, NULL)", "the build is recorded with its mode")
            .And.Contain("BEGIN TRANSACTION;").And.Contain("COMMIT TRANSACTION;")
            .And.Contain("DELETE FROM `marts`.`monthly_sales_fx_inflation` WHERE TRUE;")
            .And.Contain("INSERT INTO `marts`.`monthly_sales_fx_inflation`").And.Contain("`trusted`.`economics_ipca`")
            .And.Contain("SET lake_bought_together = (SELECT COUNT(*) FROM `marts`.`bought_together`);");
        job.TransactionTables.Should().BeEquivalentTo(["marts.monthly_sales_fx_inflation", "marts.builds"],
            "no other mart, fact table or change table is touched (keys a load records meanwhile stay for the next)");
        job.Parameters.Keys.Should().BeEquivalentTo(["run_id", "definition"]);
    }

    [Fact]
    public async Task Should_build_only_the_chain_asked_for()
    {
        await using var bed = await IncrementalBedAsync(BigQueryMartsSql.MartsOf(MartsChainName.Reviews), 9);
        var runId = Guid.NewGuid();

        var result = await bed.Engine.BuildMartsAsync(runId, MartsChainName.Reviews, CancellationToken.None);

        result.RowCounts.Should().BeEquivalentTo(new Dictionary<string, long> { ["review_word_counts"] = 9 });
        var mode = bed.Fake.Jobs[0];
        mode.Query.Should().Contain("WHERE `chain` IS NULL OR `chain` = 'reviews'")
            .And.Contain("EXISTS (SELECT 1 FROM `land`.`changes_reviews_order_reviews`)")
            .And.NotContain("changes_marketplace_orders", "an order change does not make the review chain build");
        mode.Parameters["source_tables"]!.Split('\n').Should().Equal("reviews_order_reviews");
        var job = bed.Fake.Jobs[1];
        job.Query.Should().Contain("'incremental', @definition, 'reviews')")
            .And.Contain("MERGE `marts`.`review_word_counts`")
            .And.NotContain("order_lines").And.NotContain("lake_orders");
        job.TransactionTables.Should().BeEquivalentTo(["marts.review_words", "marts.review_word_counts",
            "land.changes_reviews_order_reviews", "marts.builds"],
            "the order chain's tables are left to its own build, which may run at the same time in another process");
        bed.Fake.Table("marts", "builds")!.ToJsonString().Should().Contain("\"chain\"");
    }

    /// <summary>An initialized bed whose mode query answers incremental (keys recorded, same definition) and whose
    /// build script answers <paramref name="rows"/> for each of <paramref name="marts"/>.</summary>
    private static async Task<BigQueryTestBed> IncrementalBedAsync(IReadOnlyList<string> marts, long rows)
    {
        var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.Fake.Answer = job => job.Query!.Contains("AS full_build", StringComparison.Ordinal)
            ? FakeJobAnswer.Row(("full_build", 0L), ("changed", 1L))
            : FakeJobAnswer.Row([.. marts.Select(m => (m, (object?)rows))]);
        return bed;
    }
}
