using EcommerceLake.Warehouse.Marts;

namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// The marts on BigQuery: the tables (as <c>Migrations/0002_marts.sql</c>, <c>0004</c> and <c>0005</c> define them for PostgreSQL),
/// the <c>land.batches</c> registry, and the build script — one transaction that empties and refills every mart with
/// its embedded <c>BigQuery/Sql/{mart}.sql</c> (the GoogleSQL translation of <c>Marts/{mart}.sql</c>) and records the
/// build in <c>marts.builds</c>. The script takes <c>@run_id</c> (STRING) and <c>@stop_words</c> (ARRAY&lt;STRING&gt;,
/// see <see cref="PortugueseStopWords"/>); its last statement selects one row with a column per mart holding its row
/// count.
/// </summary>
public static class BigQueryMartsSql
{
    /// <summary>The mart tables in build order (the PostgreSQL engine's).</summary>
    public static IReadOnlyList<string> Marts => MartsSql.Marts;

    /// <summary>The embedded translation of <paramref name="mart"/>, with <c>{{trusted}}</c> and <c>{{marts}}</c>
    /// replaced.</summary>
    /// <exception cref="InvalidOperationException">The resource is missing.</exception>
    public static string Insert(string mart, BigQueryOptions options)
    {
        var assembly = typeof(BigQueryMartsSql).Assembly;
        using var stream = assembly.GetManifestResourceStream($"EcommerceLake.Warehouse.BigQuery.Sql.{mart}.sql")
            ?? throw new InvalidOperationException($"The embedded resource BigQuery/Sql/{mart}.sql is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Replace("{{trusted}}", BigQueryNames.QuoteDataset(options.Dataset("trusted")), StringComparison.Ordinal)
            .Replace("{{marts}}", BigQueryNames.QuoteDataset(options.Dataset("marts")), StringComparison.Ordinal)
            .TrimEnd().TrimEnd(';');
    }

    /// <summary>The build script (see the type's summary).</summary>
    public static string BuildScript(BigQueryOptions options)
    {
        var marts = options.Dataset("marts");
        var steps = Marts.Select(mart => $"""
            DELETE FROM {BigQueryNames.Qualified(marts, mart)} WHERE TRUE;
            {Insert(mart, options)};
            SET lake_{mart} = @@row_count;
            """);
        var counts = string.Join(", ", Marts.Select(m => $"lake_{m} AS {BigQueryNames.Quote(m)}"));
        return $"""
            -- Marts build: one BigQuery script, one transaction.
            {string.Join("\n", Marts.Select(m => $"DECLARE lake_{m} INT64 DEFAULT 0;"))}

            BEGIN TRANSACTION;

            {string.Join("\n\n", steps)}

            INSERT INTO {BigQueryNames.Qualified(marts, "builds")} (`run_id`, `built_at`, `row_counts`)
            VALUES (@run_id, CURRENT_TIMESTAMP(), TO_JSON_STRING(STRUCT({counts})));

            COMMIT TRANSACTION;

            SELECT {counts};
            """;
    }

    /// <summary>The tables of the marts dataset (the five marts and <c>builds</c>) and <c>land.batches</c>.</summary>
    public static IReadOnlyList<BigQueryTableSpec> Tables(BigQueryOptions options)
    {
        var marts = options.Dataset("marts");
        return
        [
            new(options.Dataset("land"), "batches",
            [
                BigQueryField.Required("run_id", "STRING"), BigQueryField.Required("source", "STRING"),
                BigQueryField.Required("stream", "STRING"),
                BigQueryField.Required("table_name", "STRING"), BigQueryField.Required("uri", "STRING"),
                BigQueryField.Required("row_count", "INT64"),
                BigQueryField.Required("inserted", "INT64"), BigQueryField.Required("updated", "INT64"),
                BigQueryField.Required("deleted", "INT64"),
                BigQueryField.Required("is_full_snapshot", "BOOL"), BigQueryField.Required("loads", "INT64"),
                BigQueryField.Required("loaded_at", "TIMESTAMP"),
            ], Clustering: ["source", "stream"], PrimaryKey: ["run_id", "source", "stream"]),
            new(marts, "daily_sales_by_state_category",
            [
                BigQueryField.Required("sales_date", "DATE"), BigQueryField.Required("customer_state", "STRING"),
                BigQueryField.Required("product_category", "STRING"), BigQueryField.Required("orders", "INT64"),
                BigQueryField.Required("items", "INT64"),
                BigQueryField.Required("revenue", "BIGNUMERIC"), BigQueryField.Required("freight", "BIGNUMERIC"),
            ], PrimaryKey: ["sales_date", "customer_state", "product_category"]),
            new(marts, "review_word_counts",
            [
                BigQueryField.Required("word", "STRING"), BigQueryField.Required("occurrences", "INT64"),
                BigQueryField.Required("reviews", "INT64"),
            ], PrimaryKey: ["word"]),
            new(marts, "monthly_sales_fx_inflation",
            [
                BigQueryField.Required("month", "DATE"), BigQueryField.Required("revenue_brl", "BIGNUMERIC"),
                new BigQueryField("revenue_usd", "BIGNUMERIC"),
                new BigQueryField("ipca_pct", "BIGNUMERIC"), new BigQueryField("selic_pct", "BIGNUMERIC"),
            ], PrimaryKey: ["month"]),
            new(marts, "bought_together",
            [
                BigQueryField.Required("product_id", "STRING"), BigQueryField.Required("rank", "INT64"),
                BigQueryField.Required("recommended_product_id", "STRING"),
                BigQueryField.Required("product_category", "STRING"),
                BigQueryField.Required("recommended_category", "STRING"),
                BigQueryField.Required("orders_together", "INT64"), BigQueryField.Required("product_orders", "INT64"),
                BigQueryField.Required("recommended_orders", "INT64"),
                BigQueryField.Required("support", "BIGNUMERIC"), BigQueryField.Required("confidence", "BIGNUMERIC"),
                BigQueryField.Required("lift", "BIGNUMERIC"),
            ], Clustering: ["product_id"], PrimaryKey: ["product_id", "rank"]),
            new(marts, "customer_recommendations",
            [
                BigQueryField.Required("customer_unique_id", "STRING"), BigQueryField.Required("rank", "INT64"),
                BigQueryField.Required("product_id", "STRING"), BigQueryField.Required("product_category", "STRING"),
                BigQueryField.Required("score", "BIGNUMERIC"), BigQueryField.Required("because_of", "STRING"),
            ], Clustering: ["customer_unique_id"], PrimaryKey: ["customer_unique_id", "rank"]),
            new(marts, "builds",
            [
                BigQueryField.Required("run_id", "STRING"), BigQueryField.Required("built_at", "TIMESTAMP"),
                BigQueryField.Required("row_counts", "STRING"),
            ]),
        ];
    }
}
