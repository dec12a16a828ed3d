using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using EcommerceLake.Streams.Offsets;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace.SqlServer;

/// <summary>
/// The marketplace connector with <c>Dialect = SqlServer</c> against a real SQL Server (<c>LAKE_TEST_SQLSERVER</c>):
/// each test creates its own change-tracked table in <c>dbo</c> (turning change tracking and snapshot isolation on for
/// the database when they are off) and drops it afterwards.
/// </summary>
public sealed class When_reading_a_live_sql_server : IAsyncLifetime
{
    private readonly string _table = $"lake_ct_{Guid.NewGuid():N}"[..24];
    private readonly TempDirectory _lakeDirectory = new();
    private LocalLakeStore _lake = null!;

    private StreamSpec Spec => new(
        "marketplace", "orders", "marketplace_orders", _table, ["order_id", "line"],
        [
            new ColumnSpec("order_id", ColumnType.String, Nullable: false),
            new ColumnSpec("line", ColumnType.Int, Nullable: false),
            new ColumnSpec("price", ColumnType.Decimal),
            new ColumnSpec("placed_at", ColumnType.Timestamp),
            new ColumnSpec("shipped_on", ColumnType.Date),
        ],
        new CleaningRules());

    public async Task InitializeAsync()
    {
        _lake = new LocalLakeStore(_lakeDirectory.Path);
        if (string.IsNullOrWhiteSpace(SqlServerFactAttribute.ConnectionString)) return;
        await ExecAsync("""
            IF NOT EXISTS (SELECT 1 FROM sys.change_tracking_databases WHERE database_id = DB_ID())
                ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 2 DAYS, AUTO_CLEANUP = ON);
            IF (SELECT snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID()) <> 1
                ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;
            """);
        await ExecAsync($"""
            CREATE TABLE dbo.[{_table}] (
                order_id   nvarchar(32)  NOT NULL,
                line       int           NOT NULL,
                price      decimal(10,2) NULL,
                placed_at  datetime2(7)  NULL,
                shipped_on date          NULL,
                CONSTRAINT [pk_{_table}] PRIMARY KEY (order_id, line));
            INSERT INTO dbo.[{_table}] VALUES
                (N'o-1', 1, 129.90, '2017-10-02T10:56:33', '2017-10-04'),
                (N'o-2', 1, NULL, '2017-10-03T08:00:00.125', NULL);
            ALTER TABLE dbo.[{_table}] ENABLE CHANGE_TRACKING;
            """);
    }

    public async Task DisposeAsync()
    {
        if (!string.IsNullOrWhiteSpace(SqlServerFactAttribute.ConnectionString))
            await ExecAsync($"DROP TABLE IF EXISTS dbo.[{_table}]");
        _lakeDirectory.Dispose();
    }

    [SqlServerFact]
    public async Task Should_take_a_full_snapshot_at_the_current_version()
    {
        var run = await LandRun.ExtractAsync(Connector(), _lake, Spec, offset: null);

        var current = await CurrentVersionAsync();
        run.Result.IsFullSnapshot.Should().BeTrue();
        run.Result.OffsetTo.Should().Be(ChangeTrackingOffset.Format(current));
        run.Records.Should().HaveCount(2)
            .And.OnlyContain(r => r["_op"] == "I" && r["_change_version"] == current.ToString());
        run.ByKey("order_id")["o-1"].Should().Contain(new Dictionary<string, string?>
        {
            ["line"] = "1", ["price"] = "129.90", ["placed_at"] = "2017-10-02 10:56:33", ["shipped_on"] = "2017-10-04",
        });
        run.ByKey("order_id")["o-2"]["placed_at"].Should().Be("2017-10-03 08:00:00.125");
        run.ByKey("order_id")["o-2"]["price"].Should().BeNull();
    }

    [SqlServerFact]
    public async Task Should_read_inserts_updates_and_deletes_after_the_offset()
    {
        var synced = await LandRun.ExtractAsync(Connector(), _lake, Spec, offset: null);
        await ExecAsync($"INSERT INTO dbo.[{_table}] VALUES (N'o-3', 1, 5.00, NULL, NULL)");
        await ExecAsync($"UPDATE dbo.[{_table}] SET price = 99.99 WHERE order_id = N'o-1'");
        await ExecAsync($"DELETE FROM dbo.[{_table}] WHERE order_id = N'o-2'");

        var run = await LandRun.ExtractAsync(Connector(), _lake, Spec, synced.Result.OffsetTo);

        run.Result.IsFullSnapshot.Should().BeFalse();
        run.Result.OffsetTo.Should().Be(ChangeTrackingOffset.Format(await CurrentVersionAsync()));
        var byKey = run.ByKey("order_id");
        byKey.Keys.Should().BeEquivalentTo("o-1", "o-2", "o-3");
        byKey["o-3"]["_op"].Should().Be("I");
        byKey["o-1"]["_op"].Should().Be("U");
        byKey["o-1"]["price"].Should().Be("99.99");
        byKey["o-2"].Should().Contain(new Dictionary<string, string?>
        {
            ["_op"] = "D", ["line"] = "1", ["price"] = null, ["placed_at"] = null, ["shipped_on"] = null,
        });
        var again = await LandRun.ExtractAsync(Connector(), _lake, Spec, run.Result.OffsetTo);
        again.Records.Should().BeEmpty();
        again.Result.OffsetTo.Should().Be(run.Result.OffsetTo);
    }

    [SqlServerFact]
    public async Task Should_handle_an_expired_offset_as_the_policy_says()
    {
        var synced = await LandRun.ExtractAsync(Connector(), _lake, Spec, offset: null);
        await ExecAsync($"INSERT INTO dbo.[{_table}] VALUES (N'o-3', 1, 5.00, NULL, NULL)");
        await ExecAsync(
            $"ALTER TABLE dbo.[{_table}] DISABLE CHANGE_TRACKING; ALTER TABLE dbo.[{_table}] ENABLE CHANGE_TRACKING;");
        var saved = ChangeTrackingOffset.Parse(synced.Result.OffsetTo)!.Value;

        var fail = () => LandRun.ExtractAsync(Connector(ExpiredOffsetPolicy.Fail), _lake, Spec, synced.Result.OffsetTo);
        var reload = await LandRun.ExtractAsync(Connector(), _lake, Spec, synced.Result.OffsetTo);

        (await fail.Should().ThrowAsync<ChangeTrackingOffsetExpiredException>()).Which.SavedVersion.Should().Be(saved);
        reload.Result.IsFullSnapshot.Should().BeTrue();
        reload.Records.Should().HaveCount(3);
    }

    private MarketplaceConnector Connector(ExpiredOffsetPolicy policy = ExpiredOffsetPolicy.FullReload) => new(
        Options.Create(new MarketplaceOptions
        {
            ConnectionString = SqlServerFactAttribute.ConnectionString!,
            Schema = "dbo",
            Dialect = SourceDialect.SqlServer,
            ExpiredOffsetPolicy = policy,
        }),
        NullLogger<MarketplaceConnector>.Instance);

    private static async Task ExecAsync(string sql)
    {
        await using var connection = new SqlConnection(SqlServerFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CurrentVersionAsync()
    {
        await using var connection = new SqlConnection(SqlServerFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand("SELECT CHANGE_TRACKING_CURRENT_VERSION()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
