using EcommerceLake.Streams;
using EcommerceLake.Testing.ZetaSql;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

/// <summary>
/// Google's ZetaSQL analyzer (BigQuery's SQL front end) judges every statement the BigQuery engine generates, against
/// the schemas the engine itself creates; deliberately broken copies prove the check bites.
/// </summary>
public sealed class When_zetasql_analyzes_the_generated_bigquery_sql(
    When_zetasql_analyzes_the_generated_bigquery_sql.Judge judge, ITestOutputHelper output)
    : IClassFixture<When_zetasql_analyzes_the_generated_bigquery_sql.Judge>
{
    [Fact]
    public async Task Should_accept_every_statement_of_every_script_the_engine_generates()
    {
        var scripts = await judge.ScriptsAsync();
        var failures = new List<string>();
        var statements = 0;
        foreach (var script in scripts)
        {
            var results = await judge.Analyzer.AnalyzeScriptAsync(script.Sql, script.Parameters, script.Catalog,
                CancellationToken.None);
            statements += results.Count;
            failures.AddRange(results.Where(r => !r.Accepted).Select(r => $"{script}: {r.Error}\n    {r.Sql}"));
        }

        output.WriteLine($"ZetaSQL analyzed {statements} statements of {scripts.Count} scripts; " +
            $"{failures.Count} rejected.");
        scripts.Select(s => s.Variant).Should()
            .Contain(StreamCatalog.Default.All.Select(s => $"{s.Key} (full snapshot)"))
            .And.Contain("marts (full)").And.Contain("marts (incremental)").And.Contain("marts (unchanged)")
            .And.Contain("marts orders (incremental)").And.Contain("marts reviews (incremental)")
            .And.Contain("marts reviews (unchanged)");
        foreach (var spec in StreamCatalog.Default.All.Where(s => s.Checks.Count > 0))
            scripts.Where(s => s.Variant.StartsWith(spec.Key + " (", StringComparison.Ordinal)).Should()
                .HaveCount(3).And.OnlyContain(s => s.Sql.Contains($"check_{spec.Checks.Count - 1}_sample",
                    StringComparison.Ordinal), "the load scripts of {0} run its checks", spec.Key);
        failures.Should().BeEmpty();
        statements.Should().BeGreaterThan(scripts.Count * 10, "every load script has more than ten statements");
    }

    public static TheoryData<string> Breakages() => new(Broken.Keys);

    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task Should_reject_a_deliberately_broken_copy(string breakage)
    {
        var (variant, find, replace) = Broken[breakage];
        var script = (await judge.ScriptsAsync())
            .First(s => s.Variant == variant && s.Sql.Contains(find, StringComparison.Ordinal));
        script.Sql.Should().Contain(find, "the breakage must change the script");
        var broken = ReplaceFirst(script.Sql, find, replace);

        var original = await judge.Analyzer.AnalyzeScriptAsync(script.Sql, script.Parameters, script.Catalog,
            CancellationToken.None);
        var results = await judge.Analyzer.AnalyzeScriptAsync(broken, script.Parameters, script.Catalog,
            CancellationToken.None);

        original.Should().OnlyContain(r => r.Accepted, "the rejection must come from the breakage alone");
        var rejected = results.Where(r => !r.Accepted).ToList();
        rejected.Should().NotBeEmpty("ZetaSQL must reject the copy with {0}", breakage);
        output.WriteLine($"{breakage}: {rejected[0].Error}");
    }

    private const string Orders = "marketplace.orders (incremental)";

    /// <summary>Breakage → (script variant, text to find, replacement).</summary>
    private static readonly Dictionary<string, (string Variant, string Find, string Replace)> Broken = new()
    {
        ["unknown column in the MERGE condition"] = (Orders, "t.`order_id` = s.`order_id`",
            "t.`order_idd` = s.`order_id`"),
        ["unknown trusted table"] = (Orders, "MERGE `trusted`.`marketplace_orders`",
            "MERGE `trusted`.`marketplace_order`"),
        ["unknown dataset"] = (Orders, "MERGE `land`.`batches`", "MERGE `lands`.`batches`"),
        ["INT64 compared with STRING in an ASSERT"] = (Orders, "ASSERT lake_raw_rows = @row_count",
            "ASSERT lake_raw_rows = @run_id"),
        ["variable used but not declared"] = (Orders, "DECLARE lake_merged INT64 DEFAULT 0;", ""),
        ["STRING assigned to an INT64 variable"] = (Orders, "SET lake_raw_rows = @@row_count",
            "SET lake_raw_rows = @uri"),
        ["undeclared query parameter"] = (Orders, "TIMESTAMP(@ingest_date)", "TIMESTAMP(@ingest_day)"),
        ["INSERT with one value too few"] = (Orders, "SELECT TIMESTAMP(@ingest_date), ", "SELECT "),
        ["unknown function"] = (Orders, "TO_JSON_STRING(s)", "TO_JSONSTRING(s)"),
        ["syntax error"] = (Orders, "CREATE TEMP TABLE lake_batch AS", "CREATE TEMP TABLE lake_batch AS AS"),
        ["temp table read before it exists"] = (Orders, "CREATE TEMP TABLE lake_typed AS",
            "CREATE TEMP TABLE lake_typed2 AS"),
        ["STRING column compared with integers"] = (Orders, "NOT IN ('I', 'U', 'D')", "NOT IN (1, 2, 3)"),
        ["DATE inserted into the TIMESTAMP pseudo-column"] = (Orders, "SELECT TIMESTAMP(@ingest_date), ",
            "SELECT @ingest_date, "),
        ["four variables set from a three-field STRUCT"] = (Orders, "SET (lake_inserted, lake_updated, lake_deleted)",
            "SET (lake_inserted, lake_updated, lake_deleted, lake_merged)"),
        ["mart reads an unknown column"] = ("marts (full)", "DATE(o.`order_purchase_timestamp`),",
            "DATE(o.`order_purchase_time`),"),
        ["mart aggregates without GROUP BY"] = ("marts (full)", "GROUP BY 1, 2, 3", ""),
        ["stop words parameter used as a STRING"] = ("marts (full)", "UNNEST(@stop_words)", "UNNEST(@run_id)"),
        ["change table that does not exist"] = ("marts (incremental)", "`land`.`changes_marketplace_orders`",
            "`land`.`changes_marketplace_order`"),
        ["temp table of the incremental build read before it exists"] = ("marts (incremental)",
            "CREATE TEMP TABLE lake_pair_products AS",
            "CREATE TEMP TABLE lake_pair_product AS"),
        ["MERGE delta adds a STRING to an INT64"] = ("marts (incremental)", "`orders` = m.`orders` + d.orders",
            "`orders` = m.`orders` + d.`customer_state`"),
        ["mode query reads a change table that does not exist"] = ("marts (unchanged)",
            "EXISTS (SELECT 1 FROM `land`.`changes_marketplace_orders`)",
            "EXISTS (SELECT 1 FROM `land`.`changes_marketplace_order`)"),
        ["unchanged build reads an unknown series"] = ("marts (unchanged)", "`trusted`.`economics_ipca`",
            "`trusted`.`economics_ipcaa`"),
        ["change capture reads an unknown key"] = (Orders, "AS c WHERE c.`order_id` = s.`order_id`",
            "AS c WHERE c.`order_idd` = s.`order_id`"),
        ["check reads an unknown column"] = (Orders, "COUNTIF(t.`customer_id` IS NULL)",
            "COUNTIF(t.`customer_idd` IS NULL)"),
        ["check counts into one variable too many"] = (Orders,
            "SET (lake_checked_rows, lake_check_0_failing, lake_check_1_failing)",
            "SET (lake_checked_rows, lake_check_0_failing, lake_check_1_failing, lake_merged)"),
        ["sample keys assigned to an INT64 variable"] = (Orders, "SET lake_check_0_sample =",
            "SET lake_check_0_failing ="),
        ["IF condition that is an INT64"] = (Orders, "IF lake_check_0_failing > 0 THEN",
            "IF lake_check_0_failing THEN"),
        ["sample of an accepted-values check compares a STRING with integers"] = (Orders,
            "WHERE t.`_run_id` = @run_id AND CAST(t.`order_status` AS STRING) NOT IN ('created'",
            "WHERE t.`_run_id` = @run_id AND CAST(t.`order_status` AS STRING) NOT IN (1"),
        ["registry in the ELSE branch reads an unknown parameter"] = (Orders, "`table_name` = @table_name,",
            "`table_name` = @table_names,"),
    };

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return text[..at] + replace + text[(at + find.Length)..];
    }

    /// <summary>The ZetaSQL server and the engine's scripts, shared by the tests of the class.</summary>
    public sealed class Judge : IAsyncLifetime
    {
        private Task<IReadOnlyList<CapturedScript>>? _scripts;
        private ZetaSqlServer? _server;

        public ZetaSqlAnalyzer Analyzer { get; private set; } = null!;

        /// <summary>The ZetaSQL server itself (its Evaluate call, for instance).</summary>
        public ZetaSqlServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

        public Task<IReadOnlyList<CapturedScript>> ScriptsAsync() => _scripts ??= GeneratedBigQuerySql.CaptureAsync();

        public async Task InitializeAsync()
        {
            _server = await ZetaSqlServer.StartAsync();
            Analyzer = new ZetaSqlAnalyzer(_server);
        }

        public async Task DisposeAsync()
        {
            if (_server is not null) await _server.DisposeAsync();
        }
    }
}
