using EcommerceLake.Contracts;
using EcommerceLake.Testing;
using EcommerceLake.Warehouse.Marts;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests;

public sealed class When_the_marts_are_built(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private WarehouseTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _bed = await WarehouseTestBed.CreateAsync(database);
        await _bed.LoadAsync("marketplace", "customers",
        [
            ["I", "1", "c1", "u1", "01310", "sao paulo", "SP"],
            ["I", "1", "c2", "u2", "20000", "rio de janeiro", "RJ"],
            ["I", "1", "c3", "u3", null, null, null],
        ]);
        await _bed.LoadAsync("marketplace", "products",
        [
            ["I", "1", "p1", "beleza_saude", "40", "287", "1", "225", "16", "10", "14"],
            ["I", "1", "p2", "informatica_acessorios", null, null, null, null, null, null, null],
            ["I", "1", "p3", null, null, null, null, null, null, null, null],
        ]);
        await _bed.LoadAsync("files", "category_translation", [["I", "1", "beleza_saude", "health_beauty"]]);
        await _bed.LoadAsync("marketplace", "orders",
        [
            ["I", "1", "o1", "c1", "delivered", "2017-10-02 10:56:33", null, null, null, null],
            ["I", "1", "o2", "c1", "delivered", "2017-10-02 18:00:00", null, null, null, null],
            ["I", "1", "o3", "c2", "canceled", "2017-10-02 11:00:00", null, null, null, null],
            ["I", "1", "o4", "c2", "unavailable", "2017-10-02 12:00:00", null, null, null, null],
            ["I", "1", "o5", "c3", "shipped", "2017-10-03 09:00:00", null, null, null, null],
        ]);
        await _bed.LoadAsync("marketplace", "order_items",
        [
            ["I", "1", "o1", "1", "p1", "s1", null, "10.00", "1.50"],
            ["I", "1", "o1", "2", "p1", "s1", null, "20.00", "2.50"],
            ["I", "1", "o1", "3", "p2", "s1", null, "5.00", null],
            ["I", "1", "o2", "1", "p1", "s1", null, "7.25", "1.00"],
            ["I", "1", "o3", "1", "p1", "s1", null, "100.00", "10.00"],
            ["I", "1", "o4", "1", "p2", "s1", null, "200.00", "20.00"],
            ["I", "1", "o5", "1", "p3", "s1", null, "3.00", "0.75"],
            ["I", "1", "o5", "2", "p404", "s1", null, "1.00", "0.10"],
        ]);
        await _bed.LoadAsync("reviews", "order_reviews",
        [
            ["I", "1", "r1", "o1", "5", "Ótimo produto", "Produto chegou antes do prazo, muito bom! Recomendo.",
                "2017-10-05 00:00:00", null, "[]", "[]", "[]"],
            ["I", "1", "r2", "o2", "1", null, "Não gostei do PRODUTO; veio com defeito 2x.", "2017-10-06 00:00:00",
                null, "[]", "[]", "[]"],
            ["I", "1", "r3", "o5", "4", "ok", null, "2017-10-07 00:00:00", null, "[]", "[]", "[]"],
            ["I", "1", "r4", "o1", "3", null, null, "2017-10-07 00:00:00", null, null, null, null],
        ]);
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Should_sum_sales_per_day_state_and_category_without_canceled_or_unavailable_orders()
    {
        var result = await _bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);

        result.RowCounts["daily_sales_by_state_category"].Should().Be(3);
        (await _bed.QueryAsync(
                "SELECT sales_date, customer_state, product_category, orders, items, revenue, freight " +
                "FROM marts.daily_sales_by_state_category ORDER BY 1, 2, 3"))
            .Should().BeEquivalentTo(new[]
            {
                new object?[] { new DateOnly(2017, 10, 2), "SP", "health_beauty", 2L, 3L, 37.25m, 5.00m },
                new object?[] { new DateOnly(2017, 10, 2), "SP", "informatica_acessorios", 1L, 1L, 5.00m, 0m },
                new object?[] { new DateOnly(2017, 10, 3), "unknown", "unknown", 1L, 2L, 4.00m, 0.85m },
            }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Should_count_review_words_without_stop_words_and_short_words()
    {
        var result = await _bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);

        var words = (await _bed.QueryAsync(
                "SELECT word, occurrences, reviews FROM marts.review_word_counts ORDER BY word"))
            .ToDictionary(r => (string)r[0]!, r => ((long)r[1]!, (long)r[2]!));
        words.Should().BeEquivalentTo(new Dictionary<string, (long, long)>
        {
            ["antes"] = (1, 1), ["bom"] = (1, 1), ["chegou"] = (1, 1), ["defeito"] = (1, 1), ["gostei"] = (1, 1),
            ["prazo"] = (1, 1), ["produto"] = (3, 2), ["recomendo"] = (1, 1), ["veio"] = (1, 1), ["ótimo"] = (1, 1),
        });
        result.RowCounts["review_word_counts"].Should().Be(10);
        PortugueseStopWords.All.Should().Contain(["muito", "não", "com"]);
    }

    [Fact]
    public async Task Should_replace_the_marts_when_built_again()
    {
        await _bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);
        await _bed.LoadAsync("marketplace", "orders",
            [["U", "2", "o2", "c1", "canceled", "2017-10-02 18:00:00", null, null, null, null]]);

        var runId = Guid.NewGuid();
        var result = await _bed.Engine.BuildMartsAsync(runId, null, CancellationToken.None);

        result.RowCounts["daily_sales_by_state_category"].Should().Be(3);
        (await _bed.QueryAsync("SELECT orders, items, revenue FROM marts.daily_sales_by_state_category " +
                "WHERE product_category = 'health_beauty'"))
            .Should().ContainSingle().Which.Should().Equal(1L, 2L, 30.00m);
        (await _bed.ScalarAsync("SELECT row_counts->>'review_word_counts' FROM marts.builds " +
            $"WHERE run_id = '{runId}' AND chain = 'reviews'")).Should().Be("10");
    }

    [Fact]
    public async Task Should_build_only_the_chain_asked_for_and_leave_the_other_chains_marts_and_keys()
    {
        await _bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);
        await _bed.LoadAsync("marketplace", "orders",
            [["U", "2", "o2", "c1", "canceled", "2017-10-02 18:00:00", null, null, null, null]]);
        await _bed.LoadAsync("reviews", "order_reviews",
            [["U", "2", "r3", "o5", "4", "ok", "Entrega rapida", "2017-10-07 00:00:00", null, "[]", "[]", "[]"]]);

        var runId = Guid.NewGuid();
        var result = await _bed.Engine.BuildMartsAsync(runId, MartsChainName.Orders, CancellationToken.None);

        result.RowCounts.Keys.Should().BeEquivalentTo(MartsChain.Orders.Marts);
        (await _bed.QueryAsync("SELECT orders FROM marts.daily_sales_by_state_category " +
            "WHERE product_category = 'health_beauty'")).Should().ContainSingle().Which.Should().Equal(1L);
        (await _bed.QueryAsync($"SELECT chain, mode FROM marts.builds WHERE run_id = '{runId}'"))
            .Should().ContainSingle().Which.Should().Equal("orders", "incremental");
        (await _bed.ScalarAsync("SELECT count(*) FROM land.changes_marketplace_orders")).Should().Be(0L);
        (await _bed.ScalarAsync("SELECT count(*) FROM land.changes_reviews_order_reviews")).Should()
            .Be(1L, "the review chain's key waits for its own build");
        (await _bed.ScalarAsync("SELECT count(*) FROM marts.review_word_counts WHERE word = 'entrega'")).Should()
            .Be(0L);

        await _bed.Engine.BuildMartsAsync(Guid.NewGuid(), MartsChainName.Reviews, CancellationToken.None);
        (await _bed.ScalarAsync("SELECT count(*) FROM marts.review_word_counts WHERE word = 'entrega'")).Should()
            .Be(1L);
        (await _bed.ScalarAsync("SELECT count(*) FROM land.changes_reviews_order_reviews")).Should().Be(0L);
    }
}
