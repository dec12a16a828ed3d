using EcommerceLake.Contracts;
using EcommerceLake.Warehouse.Marts;

namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// The marts on BigQuery: the tables (as <c>Migrations/0002_marts.sql</c>, <c>0004</c>, <c>0005</c> and <c>0006</c>
/// define them for PostgreSQL), the <c>land.batches</c> registry, and the three build scripts, each one transaction
/// over one marts chain (<see cref="MartsChainName"/>, the PostgreSQL engine's chains: the order chain's and the
/// review chain's tables are disjoint) or, for a null chain, over both one after the other:
/// the full build (<see cref="BuildScript"/>) empties and refills the chain's fact tables and marts with the embedded
/// <c>BigQuery/Sql/{name}.sql</c> (the GoogleSQL translations of <c>Marts/{name}.sql</c>); the incremental build
/// (<see cref="IncrementalScript"/>) runs the chain's <c>BigQuery/Sql/incremental*.sql</c> for the keys recorded in
/// its <c>land.changes_{table}</c>; the unchanged build (<see cref="UnchangedScript"/>, nothing recorded) refills only
/// the marts that also read untracked tables (<c>monthly_sales_fx_inflation</c>). The first two empty the chain's
/// change tables; all three record the build, with its chain, in <c>marts.builds</c>. The scripts take
/// <c>@run_id</c> (STRING), <c>@definition</c> (STRING) and <c>@stop_words</c> (ARRAY&lt;STRING&gt;, see
/// <see cref="PortugueseStopWords"/>); their last statement selects one row with a column per mart of the chain
/// holding its row count.
/// </summary>
public static class BigQueryMartsSql
{
    /// <summary>The mart tables in build order (the PostgreSQL engine's).</summary>
    public static IReadOnlyList<string> Marts => MartsSql.Marts;

    /// <summary>The marts <paramref name="chain"/> builds, in <see cref="Marts"/> order; every mart for null.</summary>
    public static IReadOnlyList<string> MartsOf(MartsChainName? chain) => Scope.Of(chain).Marts;

    /// <summary>The trusted tables whose changed keys <paramref name="chain"/> reads (every chain's for null).
    /// </summary>
    public static IReadOnlyList<string> SourceTablesOf(MartsChainName? chain) => Scope.Of(chain).SourceTables;

    /// <summary>The condition (an <c>AND …</c>) each scoped statement gets in an incremental build, by
    /// marker.</summary>
    private static readonly IReadOnlyDictionary<string, string> IncrementalScopes = new Dictionary<string, string>
    {
        ["/*ORDERS*/"] = "AND i.`order_id` IN (SELECT `order_id` FROM lake_orders)",
        ["/*REVIEWS*/"] = "AND EXISTS (SELECT 1 FROM {{land}}.`changes_reviews_order_reviews` AS c " +
            "WHERE c.`review_id` = r.`review_id` AND c.`order_id` = r.`order_id`)",
        ["/*PRODUCTS*/"] = "AND a.`product_id` IN (SELECT `product_id` FROM lake_pair_products)",
        ["/*CUSTOMERS*/"] = "AND `customer_unique_id` IN (SELECT `customer_unique_id` FROM lake_customers)",
    };

    /// <summary>The embedded translation <c>BigQuery/Sql/{name}.sql</c>, scoped for an incremental build when
    /// <paramref name="incremental"/>, with <c>{{trusted}}</c>, <c>{{marts}}</c> and <c>{{land}}</c>
    /// replaced.</summary>
    /// <exception cref="InvalidOperationException">The resource is missing.</exception>
    public static string Insert(string name, BigQueryOptions options, bool incremental = false)
    {
        var assembly = typeof(BigQueryMartsSql).Assembly;
        using var stream = assembly.GetManifestResourceStream($"EcommerceLake.Warehouse.BigQuery.Sql.{name}.sql")
            ?? throw new InvalidOperationException($"The embedded resource BigQuery/Sql/{name}.sql is missing.");
        using var reader = new StreamReader(stream);
        var sql = IncrementalScopes.Aggregate(reader.ReadToEnd(), (text, scope) =>
            text.Replace(scope.Key, incremental ? scope.Value : "", StringComparison.Ordinal));
        return sql
            .Replace("{{trusted}}", BigQueryNames.QuoteDataset(options.Dataset("trusted")), StringComparison.Ordinal)
            .Replace("{{marts}}", BigQueryNames.QuoteDataset(options.Dataset("marts")), StringComparison.Ordinal)
            .Replace("{{land}}", BigQueryNames.QuoteDataset(options.Dataset("land")), StringComparison.Ordinal)
            .TrimEnd().TrimEnd(';');
    }

    /// <summary>
    /// The query deciding the build's mode of <paramref name="chain"/>: one row, <c>full_build</c> = 1 when the last
    /// build of the chain (a build of every chain, chain NULL, counts for each) ran another definition (or none ran)
    /// or when every batch run <c>@run_id</c> loaded into a table the chain reads was a full snapshot, else 0;
    /// <c>changed</c> = 1 when any of the chain's <c>land.changes_{table}</c> holds a key, else 0 (both 0: mode
    /// <c>unchanged</c>). Takes <c>@run_id</c>, <c>@definition</c> and <c>@source_tables</c> (ARRAY&lt;STRING&gt;,
    /// <see cref="SourceTablesOf"/>).
    /// </summary>
    public static string ModeQuery(BigQueryOptions options, MartsChainName? chain = null)
    {
        var scope = Scope.Of(chain);
        var builds = BigQueryNames.Qualified(options.Dataset("marts"), "builds");
        var ofChain = scope.Name is { } name ? $"\n             WHERE `chain` IS NULL OR `chain` = '{name}'" : "";
        return $"""
            SELECT CAST(
                (SELECT `definition` FROM {builds}{ofChain}
                 ORDER BY `built_at` DESC LIMIT 1) IS DISTINCT FROM @definition
                OR COALESCE((SELECT LOGICAL_AND(`is_full_snapshot`)
                             FROM {BigQueryNames.Qualified(options.Dataset("land"), "batches")}
                             WHERE `run_id` = @run_id AND `table_name` IN UNNEST(@source_tables)), FALSE)
                AS INT64) AS full_build,
                CAST({string.Join("\n        OR ", scope.SourceTables.Select(t =>
                    $"EXISTS (SELECT 1 FROM {BigQueryNames.Qualified(options.Dataset("land"), "changes_" + t)})"))}
                AS INT64) AS changed
            """;
    }

    /// <summary>The full build script of <paramref name="chain"/> (see the type's summary).</summary>
    public static string BuildScript(BigQueryOptions options, MartsChainName? chain = null)
    {
        var scope = Scope.Of(chain);
        var marts = options.Dataset("marts");
        var facts = scope.Facts.Select(fact => $"""
            DELETE FROM {BigQueryNames.Qualified(marts, fact)} WHERE TRUE;
            {Insert(fact, options)};
            """);
        var steps = scope.Marts.Select(mart => $"""
            DELETE FROM {BigQueryNames.Qualified(marts, mart)} WHERE TRUE;
            {Insert(mart, options)};
            SET lake_{mart} = @@row_count;
            """);
        return Script("Marts build (full)", "full", options, scope, string.Join("\n\n", facts.Concat(steps)),
            countRows: false);
    }

    /// <summary>The incremental build script of <paramref name="chain"/> (see the type's summary).</summary>
    public static string IncrementalScript(BigQueryOptions options, MartsChainName? chain = null)
    {
        var scope = Scope.Of(chain);
        var body = string.Join("\n\n", scope.IncrementalScripts
            .SelectMany(script => MartsSql.Split(Insert(script, options, incremental: true)))
            .Select(step => step.StartsWith(MartsSql.RunPrefix, StringComparison.Ordinal)
                ? Insert(step[MartsSql.RunPrefix.Length..].Trim(), options, incremental: true) + ";"
                : step + ";"));
        return Script("Marts build (incremental)", "incremental", options, scope, body, countRows: true);
    }

    /// <summary>
    /// The unchanged build script of <paramref name="chain"/> (no key recorded since the last build of the same
    /// definition, an empty run's build): only the marts that also read tables recording no keys
    /// (<c>monthly_sales_fx_inflation</c>, which reads the economics series) are emptied and refilled; the chain's
    /// other marts are counted. It leaves the change tables alone: they were empty when the mode query ran, and keys a
    /// load records since are the next build's (nor does it conflict with that load).
    /// </summary>
    public static string UnchangedScript(BigQueryOptions options, MartsChainName? chain = null)
    {
        var scope = Scope.Of(chain);
        var body = string.Join("\n", scope.Untracked.Select(mart => $"""
            DELETE FROM {BigQueryNames.Qualified(options.Dataset("marts"), mart)} WHERE TRUE;
            {Insert(mart, options)};
            """));
        return Script("Marts build (unchanged)", "unchanged", options, scope, body, countRows: true,
            emptyChanges: false);
    }

    private static string Script(string title, string mode, BigQueryOptions options, Scope scope, string body,
        bool countRows, bool emptyChanges = true)
    {
        var marts = options.Dataset("marts");
        var counts = string.Join(", ", scope.Marts.Select(m => $"lake_{m} AS {BigQueryNames.Quote(m)}"));
        var changes = emptyChanges ? string.Join("\n", scope.SourceTables.Select(t =>
            $"DELETE FROM {BigQueryNames.Qualified(options.Dataset("land"), "changes_" + t)} WHERE TRUE;")) : "";
        var rowCounts = countRows
            ? string.Join("\n", scope.Marts.Select(m =>
                $"SET lake_{m} = (SELECT COUNT(*) FROM {BigQueryNames.Qualified(marts, m)});"))
            : "";
        var chain = scope.Name is { } name ? $"'{name}'" : "NULL";
        return $"""
            -- {title}: one BigQuery script, one transaction.
            {string.Join("\n", scope.Marts.Select(m => $"DECLARE lake_{m} INT64 DEFAULT 0;"))}

            BEGIN TRANSACTION;

            {body}

            {changes}
            {rowCounts}

            INSERT INTO {BigQueryNames.Qualified(marts, "builds")}
                (`run_id`, `built_at`, `row_counts`, `mode`, `definition`, `chain`)
            VALUES (@run_id, CURRENT_TIMESTAMP(), TO_JSON_STRING(STRUCT({counts})), '{mode}', @definition, {chain});

            COMMIT TRANSACTION;

            SELECT {counts};
            """;
    }

    /// <summary>The tables of the marts dataset (the five marts, <c>builds</c> and the fact tables <c>order_lines</c>
    /// and <c>review_words</c>) and <c>land.batches</c>.</summary>
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
                BigQueryField.Required("row_counts", "STRING"), new BigQueryField("mode", "STRING"),
                new BigQueryField("definition", "STRING"), new BigQueryField("chain", "STRING"),
            ]),
            new(marts, "order_lines",
            [
                BigQueryField.Required("order_id", "STRING"), new BigQueryField("product_id", "STRING"),
                new BigQueryField("customer_unique_id", "STRING"), new BigQueryField("sales_date", "DATE"),
                BigQueryField.Required("customer_state", "STRING"),
                BigQueryField.Required("product_category", "STRING"), BigQueryField.Required("items", "INT64"),
                BigQueryField.Required("revenue", "BIGNUMERIC"), BigQueryField.Required("freight", "BIGNUMERIC"),
            ], Clustering: ["order_id", "product_id", "customer_unique_id"]),
            new(marts, "review_words",
            [
                BigQueryField.Required("review_id", "STRING"), BigQueryField.Required("order_id", "STRING"),
                BigQueryField.Required("word", "STRING"), BigQueryField.Required("occurrences", "INT64"),
            ], Clustering: ["review_id", "order_id"]),
        ];
    }

    /// <summary>What one build covers: a chain's tables and scripts (<see cref="MartsChain"/>, BigQuery has no
    /// <see cref="MartsSql.PostgresFacts"/>), or every chain's, in chain order, for a null chain.</summary>
    private sealed record Scope(
        string? Name, IReadOnlyList<string> Facts, IReadOnlyList<string> Marts,
        IReadOnlyList<string> IncrementalScripts, IReadOnlyList<string> SourceTables, IReadOnlyList<string> Untracked)
    {
        public static Scope Of(MartsChainName? chain)
        {
            var chains = chain is { } name ? [MartsChain.Of(name)] : MartsChain.All;
            bool Covers(string table, Func<MartsChain, IReadOnlyList<string>> tables) =>
                chains.Any(c => tables(c).Contains(table, StringComparer.Ordinal));
            return new Scope(
                chain is { } named ? WireName.Of(named) : null,
                MartsSql.Facts.Where(f => Covers(f, c => c.Facts)).ToList(),
                MartsSql.Marts.Where(m => Covers(m, c => c.Marts)).ToList(),
                chains.Select(c => c.IncrementalScript).ToList(),
                chains.SelectMany(c => c.SourceTables).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                    .ToList(),
                chains.SelectMany(c => c.Untracked).ToList());
        }
    }
}
