using System.Globalization;
using EcommerceLake.Contracts;
using EcommerceLake.Streams;
using EcommerceLake.Testing.Fakes.BigQuery;
using EcommerceLake.Testing.ZetaSql;
using EcommerceLake.Warehouse.BigQuery;
using EcommerceLake.Warehouse.Checks;
using FluentAssertions;
using Xunit;
using Zetasql;
using Zetasql.Definitions;
using Zetasql.LocalService;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

/// <summary>
/// The stream's data-quality checks in the BigQuery load script: the fake cannot run SQL, so it answers the script's
/// last row as BigQuery would (counts, then per check its failing rows and sample keys); the script itself is read as
/// text and judged by ZetaSQL.
/// </summary>
public sealed class When_a_bigquery_load_checks_its_rows(When_zetasql_analyzes_the_generated_bigquery_sql.Judge judge)
    : IClassFixture<When_zetasql_analyzes_the_generated_bigquery_sql.Judge>
{
    [Fact]
    public async Task Should_report_a_failing_warn_check_with_its_sample_keys()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.Fake.Answer = job => job.IsQuery
            ? LoadScriptAnswer.Of(job, 5, 5, 0, 0, 5,
                new Dictionary<string, (long, string[])> { ["known_status"] = (2, ["order-2", "order-4"]) })
            : FakeJobAnswer.Empty;
        var request = await bed.OrdersBatchAsync(count: 5);

        var result = await bed.Engine.LoadAsync(request, CancellationToken.None);

        result.Inserted.Should().Be(5, "a failing warn check keeps the load");
        result.Checks.Should().HaveCount(2);
        result.Checks[0].Should().BeEquivalentTo(new
        {
            Name = "customer_present", Severity = CheckSeverity.Error, CheckedRows = 5L, FailingRows = 0L,
            SampleKeys = Array.Empty<string>(), Passed = true,
        });
        result.Checks[1].Should().BeEquivalentTo(new
        {
            Name = "known_status", Severity = CheckSeverity.Warn, CheckedRows = 5L, FailingRows = 2L,
            SampleKeys = new[] { "order-2", "order-4" }, Passed = false,
        });
        result.Checks[1].Assertion.Should().StartWith("order_status in (created, approved,");
        bed.Fake.Table("land", $"stage_marketplace_orders_{request.RunId:N}").Should().BeNull();
    }

    [Fact]
    public async Task Should_fail_the_load_when_an_error_check_fails()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.Fake.Answer = job => job.IsQuery
            ? LoadScriptAnswer.Of(job, 5, 5, 0, 0, 5, new Dictionary<string, (long, string[])>
            {
                ["customer_present"] = (1, ["order-3"]),
                ["known_status"] = (1, ["order-1"]),
            })
            : FakeJobAnswer.Empty;
        var request = await bed.OrdersBatchAsync(count: 5);

        var act = () => bed.Engine.LoadAsync(request, CancellationToken.None);

        var failure = (await act.Should().ThrowAsync<DataCheckFailedException>()).Which;
        failure.Message.Should().Contain("marketplace.orders failed its check 'customer_present'")
            .And.Contain("1 of 5 rows, e.g. order-3").And.Contain("rolled back")
            .And.NotContain("known_status", "a warn check does not fail the load");
        failure.Failed.Should().ContainSingle().Which.Name.Should().Be("customer_present");
        bed.Fake.Table("land", $"stage_marketplace_orders_{request.RunId:N}").Should()
            .BeNull("the outcome is in the script job's result: the staging table is no longer needed");
    }

    [Fact]
    public async Task Should_fail_again_when_a_load_whose_error_check_failed_is_delivered_again()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.Fake.Answer = job => job.IsQuery
            ? LoadScriptAnswer.Of(job, 5, 5, 0, 0, 5,
                new Dictionary<string, (long, string[])> { ["customer_present"] = (2, ["order-1", "order-5"]) })
            : FakeJobAnswer.Empty;
        var request = await bed.OrdersBatchAsync(count: 5);
        await FluentActions.Awaiting(() => bed.Engine.LoadAsync(request, CancellationToken.None)).Should()
            .ThrowAsync<DataCheckFailedException>();

        var again = () => bed.Engine.LoadAsync(request, CancellationToken.None);

        (await again.Should().ThrowAsync<DataCheckFailedException>()).Which.Failed.Single().SampleKeys.Should()
            .Equal("order-1", "order-5");
        bed.Fake.Jobs.Should().HaveCount(2, "the redelivery re-attached to the script job that rolled back");
        bed.Fake.Jobs.Should().OnlyContain(j => bed.Fake.InsertsOf(j.JobId) == 1);
    }

    [Fact]
    public async Task Should_refuse_a_script_result_without_the_check_fields()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.Fake.Answer = job => job.IsQuery
            ? FakeJobAnswer.Row(("raw_rows", 5L), ("inserted", 5L), ("updated", 0L), ("deleted", 0L),
                ("trusted_rows", 5L))
            : FakeJobAnswer.Empty;

        var act = async () => await bed.Engine.LoadAsync(await bed.OrdersBatchAsync(count: 5), CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("*no field 'checked_rows'*");
    }

    [Fact]
    public async Task Should_roll_back_instead_of_committing_when_an_error_check_fails()
    {
        var script = (await judge.ScriptsAsync()).First(s => s.Variant == "marketplace.orders (incremental)");
        var sql = script.Sql;

        var merge = At(sql, "MERGE `trusted`.`marketplace_orders` AS t");
        var counts = At(sql, "SET (lake_checked_rows, lake_check_0_failing, lake_check_1_failing) = (");
        var rollback = At(sql, "ROLLBACK TRANSACTION;");
        var decision = sql.LastIndexOf("\nIF lake_check_0_failing > 0 THEN\n", rollback, StringComparison.Ordinal);
        var otherwise = At(sql, "\nELSE\n    COMMIT TRANSACTION;\n");
        var registry = At(sql, "MERGE `land`.`batches` AS b");
        var end = sql.IndexOf("\nEND IF;\n", registry, StringComparison.Ordinal);
        var select = At(sql, "SELECT lake_raw_rows AS raw_rows");
        new[] { merge, counts, decision, rollback, otherwise, registry, end, select }.Should()
            .BeInAscendingOrder("the checks run after the MERGE, in the transaction; a failed error check rolls it "
                + "back, else it commits and registers the batch; the result is selected either way")
            .And.OnlyContain(i => i >= 0);
        sql[decision..rollback].Should().NotContain(";", "the IF's first branch is the rollback");
        Occurrences(sql, "COMMIT TRANSACTION").Should().Be(1);
        Occurrences(sql, "ROLLBACK TRANSACTION").Should().Be(1);
        Occurrences(sql, "MERGE `land`.`batches`").Should().Be(1, "a rolled-back load registers no batch");
        sql[select..].Should().Contain("lake_checked_rows AS checked_rows,")
            .And.Contain("lake_check_0_failing AS check_0_failing, lake_check_0_sample AS check_0_sample,")
            .And.Contain("lake_check_1_failing AS check_1_failing, lake_check_1_sample AS check_1_sample;");

        var results = await judge.Analyzer.AnalyzeScriptAsync(sql, script.Parameters, script.Catalog,
            CancellationToken.None);

        results.Where(r => !r.Accepted).Select(r => $"{r.Error}\n    {r.Sql}").Should().BeEmpty();
        results.Select(r => r.Kind).Should().Contain(["ResolvedRollbackStmtNode", "ResolvedCommitStmtNode"],
            "ZetaSQL analyzed both branches").And.Contain("END IF");
    }

    [Theory]
    [InlineData("marketplace", "order_items", "lake_check_0_failing > 0 OR lake_check_1_failing > 0 OR "
        + "lake_check_2_failing > 0")]
    [InlineData("marketplace", "order_payments", "lake_check_2_failing > 0")]
    [InlineData("reviews", "order_reviews", "lake_check_0_failing > 0")]
    public void Should_roll_back_on_the_failure_of_an_error_check_only(string source, string stream,
        string condition)
    {
        var sql = Script(source, stream);

        sql.Should().Contain($"\nIF {condition} THEN\n");
        At(sql, $"\nIF {condition} THEN\n").Should().BeLessThan(At(sql, "ROLLBACK TRANSACTION;"));
    }

    [Fact]
    public void Should_commit_without_a_rollback_when_the_stream_has_no_error_check()
    {
        var sql = Script("files", "category_translation");

        sql.Should().Contain("COUNTIF(t.`product_category_name_english` IS NULL)")
            .And.Contain("\nCOMMIT TRANSACTION;\n").And.NotContain("ROLLBACK").And.NotContain("\nELSE\n");
        sql.Should().Contain("lake_check_0_sample AS check_0_sample;");
    }

    [Fact]
    public void Should_select_no_check_fields_for_a_stream_without_checks()
    {
        var spec = StreamCatalog.Default.All.First(s => s.Checks.Count == 0);

        var sql = Script(spec.Source, spec.Stream);

        sql.Should().NotContain("lake_checked_rows").And.NotContain("ROLLBACK")
            .And.Contain("lake_trusted_rows AS trusted_rows;");
    }

    [Fact]
    public void Should_check_only_the_rows_the_merge_wrote_for_this_run()
    {
        var sql = Script("reviews", "order_reviews");

        sql.Should().Contain("`_run_id` = @run_id, `_loaded_at` = CURRENT_TIMESTAMP()",
            "the MERGE marks the rows it updates with the run").And.Contain("s.`_change_version`, @run_id, "
            + "CURRENT_TIMESTAMP())", "and the rows it inserts");
        var counts = sql[At(sql, "SET (lake_checked_rows, lake_check_0_failing) = (")..];
        counts[..counts.IndexOf(';', StringComparison.Ordinal)].Should()
            .Contain("COUNT(*),\n        COUNTIF((t.`review_score` < 1 OR t.`review_score` > 5))")
            .And.Contain("FROM `trusted`.`reviews_order_reviews` AS t\n    WHERE t.`_run_id` = @run_id)");
        sql.Should().Contain("""
            IF lake_check_0_failing > 0 THEN
                SET lake_check_0_sample = TO_JSON_STRING(ARRAY(
                    SELECT CONCAT(CAST(t.`review_id` AS STRING), '|', CAST(t.`order_id` AS STRING))
                    FROM `trusted`.`reviews_order_reviews` AS t
                    WHERE t.`_run_id` = @run_id AND (t.`review_score` < 1 OR t.`review_score` > 5)
                    ORDER BY t.`review_id`, t.`order_id`
                    LIMIT 5));
            END IF;
            """);
    }

    public static TheoryData<string> Texts() => new(
        "it's", @"back\slash", "line\nbreak", "tab\tand\rreturn", "\\'", "'", "", "ação", "a--b", "#x", "`q`",
        "\u0001\u007f", "\"double\"", "emoji 😀");

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task Should_write_an_accepted_value_as_a_literal_that_zetasql_reads_back_unchanged(string text)
    {
        var literal = BigQueryCheckSql.StringLiteral(text);

        var value = await EvaluateAsync(literal);

        value.StringValue.Should().Be(text);
        literal.Should().NotContain("\n").And.NotContain("\r", "a quoted literal holds no line break");
        ZetaSqlScriptSplitter.Split($"SELECT {literal}; SELECT 1").Should().HaveCount(2);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-3", "-3")]
    [InlineData("5.00", "5")]
    [InlineData("0.5", "BIGNUMERIC '0.5'")]
    [InlineData("-0.0000000000000000000000000001", "BIGNUMERIC '-0.0000000000000000000000000001'")]
    [InlineData("79228162514264337593543950335", "BIGNUMERIC '79228162514264337593543950335'")]
    public async Task Should_write_a_bound_as_an_exact_numeric_literal(string bound, string expected)
    {
        var value = decimal.Parse(bound, CultureInfo.InvariantCulture);

        var literal = BigQueryCheckSql.Number(value);

        literal.Should().Be(expected);
        var text = (await EvaluateAsync($"CAST({literal} AS STRING)")).StringValue;
        decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).Should().Be(value);
    }

    private async Task<ValueProto> EvaluateAsync(string expression) =>
        (await judge.Server.Client.EvaluateAsync(new EvaluateRequest
        {
            Sql = expression,
            Options = new AnalyzerOptionsProto { LanguageOptions = ZetaSqlAnalyzer.LanguageOptions() },
        })).Value;

    private static string Script(string source, string stream)
    {
        var spec = StreamCatalog.Default.Get(source, stream);
        return new BigQueryMergeSql(spec, new BigQueryOptions()).LoadScript("stage",
            [StreamSpec.OperationColumn, StreamSpec.ChangeVersionColumn, .. spec.Columns.Select(c => c.Name)]);
    }

    private static int At(string text, string part) => text.IndexOf(part, StringComparison.Ordinal);

    private static int Occurrences(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
