using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

public sealed class When_several_files_match : IAsyncLifetime
{
    private static readonly DateTime Early = new(2024, 5, 6, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Late = Early.AddMinutes(5);
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync()
    {
        _drop = await FilesTestDrop.StartAsync();
        const string header = "seller_id,seller_zip_code_prefix,seller_city,seller_state\n";
        _drop.AddFile("a_sellers.csv", header + "x,\"01001\",from a,SP\n", Late);
        _drop.AddFile("c_SELLERS.CSV", header + "x,\"01001\",from c,SP\n", Early);
        _drop.AddFile("b_sellers.csv", header + "x,\"01001\",from b,SP\n", Early);
        _drop.AddFile("b_products.csv", "product_id\np1\n", Early);
        _drop.AddFile("b_sellers.csv.part", header + "x,\"01001\",partial,SP\n", Early);
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_read_them_by_modification_time_then_name()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Rows.Select(r => r["seller_city"]).Should().Equal("from b", "from c", "from a");
    }

    [Fact]
    public async Task Should_give_the_rows_of_the_latest_file_the_highest_version()
    {
        var batch = await _drop.ExtractAsync("sellers");

        var winner = batch.Rows.MaxBy(r => long.Parse(r["_change_version"]!))!;
        winner["seller_city"].Should().Be("from a");
        winner["_change_version"].Should().Be(FilesTestDrop.Version(Late, 2).ToString());
    }
}
