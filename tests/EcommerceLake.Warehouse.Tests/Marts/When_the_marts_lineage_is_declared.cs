using System.Text.RegularExpressions;
using EcommerceLake.Contracts;
using EcommerceLake.Warehouse.BigQuery;
using EcommerceLake.Warehouse.Marts;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.Marts;

/// <summary><see cref="MartsLineage"/>, the orchestrator's lineage view, against the SQL of both engines.</summary>
public sealed class When_the_marts_lineage_is_declared
{
    [Fact]
    public void Should_name_every_fact_table_and_mart_of_each_chain_in_build_order()
    {
        foreach (var chain in MartsChain.All)
        {
            var declared = MartsLineage.Tables.Where(t => t.Chain == chain.Name).ToList();
            declared.Where(t => t.Kind == MartTableKind.Fact).Select(t => t.Name).Should()
                .Equal(chain.Facts.Except(MartsSql.PostgresFacts), "the {0} chain's fact tables", chain.Name);
            declared.Where(t => t.Kind == MartTableKind.Mart).Select(t => t.Name).Should()
                .Equal(chain.Marts, "the {0} chain's marts", chain.Name);
        }
        var built = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in MartsLineage.Tables)
        {
            table.Reads.Where(r => r.StartsWith(MartsLineage.Marts, StringComparison.Ordinal))
                .Select(r => r[MartsLineage.Marts.Length..]).Should().BeSubsetOf(built,
                    "{0} comes after the marts tables it reads", table.Name);
            built.Add(table.Name);
        }
    }

    [Fact]
    public void Should_list_exactly_what_the_postgres_and_bigquery_sql_of_each_table_read()
    {
        foreach (var table in MartsLineage.Tables)
        {
            var postgres = Reads(MartsSql.Load(table.Name), @"\b(trusted|marts)\.([a-z0-9_]+)", table.Name);
            var bigQuery = Reads(BigQuerySql(table.Name), @"\{\{(trusted|marts)\}\}\.`([a-z0-9_]+)`", table.Name);
            postgres.Should().BeSubsetOf(table.Reads, "PostgreSQL's {0} reads only what the lineage says", table.Name);
            bigQuery.Should().BeSubsetOf(table.Reads, "BigQuery's {0} reads only what the lineage says", table.Name);
            postgres.Union(bigQuery).Order(StringComparer.Ordinal).Should().Equal(table.Reads,
                "every table the lineage names for {0} is read by one engine at least", table.Name);
        }
    }

    [Fact]
    public void Should_feed_each_chain_from_the_trusted_tables_the_orchestrator_waits_for()
    {
        foreach (var chain in MartsInputs.Chains)
            MartsLineage.Tables.Where(t => t.Chain == chain).SelectMany(t => t.Reads)
                .Where(r => r.StartsWith(MartsLineage.Trusted, StringComparison.Ordinal))
                .Select(r => r[MartsLineage.Trusted.Length..]).Distinct().Order(StringComparer.Ordinal)
                .Should().Equal(MartsInputs.TablesOf(chain));
    }

    [Fact]
    public void Should_follow_a_trusted_table_to_every_marts_table_computed_from_it()
    {
        MartsLineage.Downstream("trusted.economics_selic").Select(t => t.Name).Should()
            .Equal("monthly_sales_fx_inflation");
        MartsLineage.Downstream("trusted.marketplace_orders").Select(t => t.Name).Should().Equal("order_lines",
            "daily_sales_by_state_category", "monthly_sales_fx_inflation", "bought_together",
            "customer_recommendations");
        MartsLineage.Downstream("trusted.reviews_order_reviews").Select(t => t.Name).Should()
            .Equal("review_words", "review_word_counts");
        MartsLineage.Downstream("trusted.files_sellers").Should().BeEmpty("no mart reads the partner's sellers");
    }

    /// <summary>The schema-qualified tables <paramref name="sql"/> reads, other than <paramref name="self"/>; the
    /// PostgreSQL engine's helper tables of <c>order_lines</c> count as <c>order_lines</c>.</summary>
    private static List<string> Reads(string sql, string pattern, string self)
    {
        var code = Regex.Replace(sql, @"--[^\n]*", "");
        return Regex.Matches(code, pattern)
            .Select(m => (Schema: m.Groups[1].Value, Table: m.Groups[2].Value))
            .Where(t => !(t.Schema == "marts" && t.Table == self))
            .Select(t => t.Schema == "marts" && MartsSql.PostgresFacts.Contains(t.Table)
                ? "marts.order_lines" : $"{t.Schema}.{t.Table}")
            .Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static string BigQuerySql(string name)
    {
        using var stream = typeof(BigQueryMartsSql).Assembly
            .GetManifestResourceStream($"EcommerceLake.Warehouse.BigQuery.Sql.{name}.sql")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
