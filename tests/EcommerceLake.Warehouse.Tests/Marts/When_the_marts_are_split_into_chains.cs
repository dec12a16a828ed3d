using System.Text.RegularExpressions;
using EcommerceLake.Contracts;
using EcommerceLake.Warehouse.Marts;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.Marts;

/// <summary><see cref="MartsChain"/>: the PostgreSQL engine builds only what a chain names, side by side.</summary>
public sealed class When_the_marts_are_split_into_chains
{
    [Fact]
    public void Should_build_every_fact_table_and_mart_in_exactly_one_chain_in_build_order()
    {
        MartsChain.All.SelectMany(c => c.Facts).Should()
            .BeEquivalentTo(MartsSql.Facts.Concat(MartsSql.PostgresFacts));
        MartsChain.All.SelectMany(c => c.Marts).Should().BeEquivalentTo(MartsSql.Marts);
        foreach (var chain in MartsChain.All)
            chain.Untracked.Should().BeSubsetOf(chain.Marts);
        foreach (var chain in MartsChain.All)
            chain.Marts.Select(m => Array.IndexOf(MartsSql.Marts, m)).Should().NotContain(-1)
                .And.BeInAscendingOrder("a mart comes after the marts it reads, as in MartsSql.Marts");
    }

    [Fact]
    public void Should_give_each_recorded_table_to_one_chain_and_share_no_table_between_chains()
    {
        MartsChain.All.SelectMany(c => c.SourceTables).Should().OnlyHaveUniqueItems()
            .And.BeEquivalentTo(MartsSql.SourceTables);
        var orders = MartsChain.Orders.IncrementalSteps().Concat(MartsChain.Orders.Facts.Concat(MartsChain.Orders.Marts)
            .Select(MartsSql.Load)).ToList();
        var reviews = MartsChain.Reviews.IncrementalSteps()
            .Concat(MartsChain.Reviews.Facts.Concat(MartsChain.Reviews.Marts).Select(MartsSql.Load)).ToList();
        foreach (var table in MartsChain.Reviews.Facts.Concat(MartsChain.Reviews.Marts)
            .Concat(MartsChain.Reviews.SourceTables.Select(t => "changes_" + t)))
            orders.Should().NotContain(s => s.Contains(table, StringComparison.Ordinal),
                "the order chain's transaction must not lock a table of the review chain ({0})", table);
        foreach (var table in MartsChain.Orders.Facts.Concat(MartsChain.Orders.Marts)
            .Concat(MartsChain.Orders.SourceTables.Select(t => "changes_" + t)))
            reviews.Should().NotContain(s => s.Contains(table, StringComparison.Ordinal),
                "the review chain's transaction must not lock a table of the order chain ({0})", table);
    }

    [Fact]
    public void Should_read_exactly_the_trusted_tables_the_orchestrator_waits_for()
    {
        foreach (var chain in MartsChain.All)
        {
            var sql = chain.IncrementalSteps().Concat(chain.Facts.Concat(chain.Marts).Select(MartsSql.Load));
            var read = sql.SelectMany(s => Regex.Matches(s, @"\btrusted\.([a-z0-9_]+)").Select(m => m.Groups[1].Value))
                .Distinct().Order(StringComparer.Ordinal).ToList();
            read.Should().Equal(MartsInputs.TablesOf(chain.Name),
                "the saga starts the {0} chain once the streams of MartsInputs.TablesOf are loaded", chain.Name);
            chain.SourceTables.Should().BeSubsetOf(MartsInputs.TablesOf(chain.Name));
        }
    }
}
