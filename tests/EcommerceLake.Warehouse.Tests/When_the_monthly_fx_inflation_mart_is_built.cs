using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests;

/// <summary>
/// marts.monthly_sales_fx_inflation on hand-made numbers: October 2017 sells 42.25 BRL (the canceled and unavailable
/// orders excluded) at an average PTAX of (3.15 + 3.25) / 2 = 3.20, so 13.203125 → 13.20 USD; IPCA 0.42 %; Selic
/// (8.25 + 7.50 + 7.50) / 3 = 7.75 %. November sells 4.00 BRL with no PTAX (USD NULL), IPCA 0.28 %, Selic
/// (7.50 + 7.25) / 2 = 7.375 %. December has indicators but no sales, so no row.
/// </summary>
public sealed class When_the_monthly_fx_inflation_mart_is_built(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private WarehouseTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _bed = await WarehouseTestBed.CreateAsync(database);
        await _bed.LoadAsync("marketplace", "orders",
        [
            ["I", "1", "o1", "c1", "delivered", "2017-10-02 10:56:33", null, null, null, null],
            ["I", "1", "o2", "c1", "delivered", "2017-10-31 23:59:59", null, null, null, null],
            ["I", "1", "o3", "c2", "canceled", "2017-10-02 11:00:00", null, null, null, null],
            ["I", "1", "o4", "c2", "unavailable", "2017-10-02 12:00:00", null, null, null, null],
            ["I", "1", "o5", "c3", "shipped", "2017-11-01 00:00:00", null, null, null, null],
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
        await _bed.LoadAsync("economics", "usd_brl",
        [
            ["I", "20171002", "2017-10-02", "3.15"],
            ["I", "20171031", "2017-10-31", "3.25"],
            ["I", "20171201", "2017-12-01", "3.30"],
        ]);
        await _bed.LoadAsync("economics", "ipca",
        [
            ["I", "20171001", "2017-10-01", "0.42"],
            ["I", "20171101", "2017-11-01", "0.28"],
            ["I", "20171201", "2017-12-01", "0.44"],
        ]);
        await _bed.LoadAsync("economics", "selic",
        [
            ["I", "20171001", "2017-10-01", "8.25"],
            ["I", "20171015", "2017-10-15", "7.50"],
            ["I", "20171031", "2017-10-31", "7.50"],
            ["I", "20171101", "2017-11-01", "7.50"],
            ["I", "20171130", "2017-11-30", "7.25"],
            ["I", "20171201", "2017-12-01", "7.00"],
        ]);
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Should_convert_revenue_at_the_months_average_ptax_and_add_the_months_ipca_and_average_selic()
    {
        var result = await _bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);

        result.RowCounts["monthly_sales_fx_inflation"].Should().Be(2);
        (await _bed.QueryAsync("SELECT month, revenue_brl, revenue_usd, ipca_pct, selic_pct " +
                "FROM marts.monthly_sales_fx_inflation ORDER BY month"))
            .Should().BeEquivalentTo(new[]
            {
                new object?[] { new DateOnly(2017, 10, 1), 42.25m, 13.20m, 0.42m, 7.75m },
                new object?[] { new DateOnly(2017, 11, 1), 4.00m, null, 0.28m, 7.375m },
            }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Should_follow_a_revised_rate_when_built_again()
    {
        await _bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);
        await _bed.LoadAsync("economics", "usd_brl", [["I", "20171102", "2017-11-02", "3.20"]]);

        await _bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);

        (await _bed.ScalarAsync("SELECT revenue_usd FROM marts.monthly_sales_fx_inflation WHERE month = '2017-11-01'"))
            .Should().Be(1.25m);
    }
}
