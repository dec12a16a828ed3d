using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

/// <summary>
/// The connector end to end on the real <c>marketplace.orders</c> spec, into a land batch on a local lake.
/// </summary>
public sealed class When_the_marketplace_connector_reads_orders(PostgresDatabase fixture)
    : IClassFixture<PostgresDatabase>, IDisposable
{
    private static readonly StreamSpec Orders = StreamCatalog.Default.Get("marketplace", "orders");
    private readonly TempDirectory _lakeDirectory = new();

    public void Dispose() => _lakeDirectory.Dispose();

    [Fact]
    public async Task Should_land_a_full_snapshot_then_the_net_changes_then_nothing()
    {
        var connectionString = await CreateOrdersAsync();
        var lake = new LocalLakeStore(_lakeDirectory.Path);
        var connector = new MarketplaceConnector(
            Options.Create(new MarketplaceOptions { ConnectionString = connectionString }),
            NullLogger<MarketplaceConnector>.Instance);

        var initial = await LandRun.ExtractAsync(connector, lake, Orders, offset: null);

        initial.Result.Should().Match<ExtractionResult>(r =>

            r.OffsetTo == """{"changeVersion":0}""" && r.IsFullSnapshot);
        initial.Manifest.Columns.Should().Equal(["_op", "_change_version", .. Orders.Columns.Select(c => c.Name)]);
        initial.Manifest.IsFullSnapshot.Should().BeTrue();
        initial.Manifest.OffsetTo.Should().Be("""{"changeVersion":0}""");
        initial.Records.Should().HaveCount(3).And.OnlyContain(r => r["_op"] == "I" && r["_change_version"] == "0");
        initial.ByKey("order_id")["e481f51cbdc54678b7cc49136f2d6af7"].Should().BeEquivalentTo(
            new Dictionary<string, string?>
            {
                ["_op"] = "I",
                ["_change_version"] = "0",
                ["order_id"] = "e481f51cbdc54678b7cc49136f2d6af7",
                ["customer_id"] = "9ef432eb6251297304e76186b10a928d",
                ["order_status"] = "delivered",
                ["order_purchase_timestamp"] = "2017-10-02 10:56:33",
                ["order_approved_at"] = "2017-10-02 11:07:15",
                ["order_delivered_carrier_date"] = "2017-10-04 19:55:00",
                ["order_delivered_customer_date"] = "2017-10-10 21:25:13",
                ["order_estimated_delivery_date"] = "2017-10-18 00:00:00",
            });
        initial.ByKey("order_id")["136cce7faa42fdb2cefd53fdc79a6098"]["order_delivered_customer_date"]
            .Should().BeNull();

        await ExecAsync(connectionString,
            "UPDATE marketplace.orders SET order_status = 'canceled' " +
            "WHERE order_id = 'e481f51cbdc54678b7cc49136f2d6af7'");
        await ExecAsync(connectionString, """
            INSERT INTO marketplace.orders (order_id, customer_id, order_status, order_purchase_timestamp)
            VALUES ('00010242fe8c5a6d1ba2dd792cb16214', '3ce436f183e68e07877b285a838db11a', 'created',
                    '2018-01-01 08:00:00')
            """);
        await ExecAsync(connectionString,
            "DELETE FROM marketplace.orders WHERE order_id = '53cdb2fc8bc7dce0b6741e2150273451'");

        var changes = await LandRun.ExtractAsync(connector, lake, Orders, initial.Result.OffsetTo);

        changes.Result.Should().Match<ExtractionResult>(r =>

            r.OffsetTo == """{"changeVersion":3}""" && !r.IsFullSnapshot);
        changes.Manifest.OffsetFrom.Should().Be("""{"changeVersion":0}""");
        changes.Records.Select(r => (r["order_id"], r["_op"], r["_change_version"])).Should().Equal(
            ("e481f51cbdc54678b7cc49136f2d6af7", "U", "1"),
            ("00010242fe8c5a6d1ba2dd792cb16214", "I", "2"),
            ("53cdb2fc8bc7dce0b6741e2150273451", "D", "3"));
        changes.ByKey("order_id")["e481f51cbdc54678b7cc49136f2d6af7"]["order_status"].Should().Be("canceled");
        changes.ByKey("order_id")["00010242fe8c5a6d1ba2dd792cb16214"]["order_purchase_timestamp"]
            .Should().Be("2018-01-01 08:00:00");
        changes.ByKey("order_id")["53cdb2fc8bc7dce0b6741e2150273451"]
            .Where(p => p.Key is not ("order_id" or "_op" or "_change_version"))
            .Should().OnlyContain(p => p.Value == null, "a delete carries only its key");

        var nothing = await LandRun.ExtractAsync(connector, lake, Orders, changes.Result.OffsetTo);

        nothing.Records.Should().BeEmpty();
        nothing.Result.Should().Match<ExtractionResult>(r =>
            r.OffsetTo == """{"changeVersion":3}""" && !r.IsFullSnapshot);

        var forced = await LandRun.ExtractAsync(connector, lake, Orders, nothing.Result.OffsetTo, forceFull: true);

        forced.Result.Should().Match<ExtractionResult>(r =>

            r.OffsetTo == """{"changeVersion":3}""" && r.IsFullSnapshot);
        forced.Records.Select(r => r["order_id"]).Should().BeEquivalentTo(
            "e481f51cbdc54678b7cc49136f2d6af7", "136cce7faa42fdb2cefd53fdc79a6098", "00010242fe8c5a6d1ba2dd792cb16214");
        forced.Records.Should().OnlyContain(r => r["_op"] == "I" && r["_change_version"] == "3");
    }

    [Fact]
    public async Task Should_fail_as_source_unavailable_when_the_table_is_not_tracked()
    {
        var connectionString = await fixture.CreateDatabaseAsync("ct");
        await ExecAsync(connectionString, CreateTableSql());
        await ChangeTrackingInstaller.EnableAsync(connectionString, "marketplace", [], CancellationToken.None);
        var connector = new MarketplaceConnector(
            Options.Create(new MarketplaceOptions { ConnectionString = connectionString }),
            NullLogger<MarketplaceConnector>.Instance);

        var act = () => LandRun.ExtractAsync(connector, new LocalLakeStore(_lakeDirectory.Path), Orders, offset: null);

        (await act.Should().ThrowAsync<SourceUnavailableException>()).Which.Message
            .Should().Contain("not enabled on marketplace.orders");
    }

    [Fact]
    public async Task Should_fail_as_source_unavailable_when_the_database_cannot_be_reached()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(PostgresDatabase.ServerConnectionString)
        {
            Port = 1, Timeout = 2,
        }.ConnectionString;
        var connector = new MarketplaceConnector(
            Options.Create(new MarketplaceOptions { ConnectionString = unreachable }),
            NullLogger<MarketplaceConnector>.Instance);

        var act = () => LandRun.ExtractAsync(connector, new LocalLakeStore(_lakeDirectory.Path), Orders, offset: null);

        (await act.Should().ThrowAsync<SourceUnavailableException>()).Which.Message
            .Should().Contain("marketplace.orders");
    }

    [Fact]
    public async Task Should_reject_an_offset_that_is_not_a_change_version()
    {
        var connectionString = await CreateOrdersAsync();
        var connector = new MarketplaceConnector(
            Options.Create(new MarketplaceOptions { ConnectionString = connectionString }),
            NullLogger<MarketplaceConnector>.Instance);

        var act = () => LandRun.ExtractAsync(
            connector, new LocalLakeStore(_lakeDirectory.Path), Orders, """{"page": 3}""");

        (await act.Should().ThrowAsync<FormatException>()).Which.Message.Should().Contain("changeVersion");
    }

    private async Task<string> CreateOrdersAsync()
    {
        var connectionString = await fixture.CreateDatabaseAsync("ct");
        await ExecAsync(connectionString, CreateTableSql() + """
            ;
            INSERT INTO marketplace.orders VALUES
              ('e481f51cbdc54678b7cc49136f2d6af7', '9ef432eb6251297304e76186b10a928d', 'delivered',
               '2017-10-02 10:56:33', '2017-10-02 11:07:15', '2017-10-04 19:55:00', '2017-10-10 21:25:13',
               '2017-10-18 00:00:00'),
              ('53cdb2fc8bc7dce0b6741e2150273451', 'b0830fb4747a6c6d20dea0b8c802d7ef', 'delivered',
               '2018-07-24 20:41:37', '2018-07-26 03:24:27', '2018-07-26 14:31:00', '2018-08-07 15:27:45',
               '2018-08-13 00:00:00'),
              ('136cce7faa42fdb2cefd53fdc79a6098', 'ed0271e0b7da060a393796590e7b737a', 'invoiced',
               '2017-04-11 12:22:08', '2017-04-13 13:25:17', NULL, NULL, '2017-05-09 00:00:00')
            """);
        await ChangeTrackingInstaller.EnableAsync(connectionString, "marketplace", ["orders"], CancellationToken.None);
        return connectionString;
    }

    /// <summary>A <c>marketplace.orders</c> table with the spec's columns and primary key.</summary>
    private static string CreateTableSql()
    {
        var columns = Orders.Columns.Select(c => $"{c.Name} {PostgresType(c.Type)}{(c.Nullable ? "" : " NOT NULL")}");
        return $"CREATE SCHEMA marketplace; CREATE TABLE marketplace.{Orders.Origin} ({string.Join(", ", columns)}, " +
            $"PRIMARY KEY ({string.Join(", ", Orders.PrimaryKey)}))";
    }

    private static string PostgresType(ColumnType type) => type switch
    {
        ColumnType.String => "text",
        ColumnType.Int => "integer",
        ColumnType.BigInt => "bigint",
        ColumnType.Decimal => "numeric",
        ColumnType.Timestamp => "timestamp",
        ColumnType.Date => "date",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
