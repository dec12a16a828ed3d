using EcommerceLake.Contracts;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Lake;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace.SqlServer;

/// <summary>
/// The shared extractor runs the SQL Server dialect's statements in Microsoft's documented order inside one SNAPSHOT
/// transaction: min valid version, current version, then the initial data or CHANGETABLE, then COMMIT.
/// </summary>
public sealed class When_the_sql_server_dialect_reads_in_one_snapshot : IDisposable
{
    private const string MinValid =
        "SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(@table)) [@table=[dbo].[orders]]";
    private const string Columns = "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = @schema "
        + "AND TABLE_NAME = @name [@schema=dbo, @name=orders]";
    private const string Current = "SELECT CHANGE_TRACKING_CURRENT_VERSION()";
    private readonly TempDirectory _lakeDirectory = new();
    private readonly LocalLakeStore _lake;

    public When_the_sql_server_dialect_reads_in_one_snapshot() => _lake = new LocalLakeStore(_lakeDirectory.Path);

    [Fact]
    public async Task Should_read_the_initial_data_at_the_current_version_when_there_is_no_offset()
    {
        var scenario = new SqlServerScenario();
        scenario.Database.MinValidVersion = 3L;
        scenario.Database.CurrentVersion = 17;
        scenario.Database.Rows = SqlServerScenario.SnapshotRows();
        scenario.Database.Rows.Rows.Add(
            "o-1", 1, 129.90m, new DateTime(2017, 10, 2, 10, 56, 33), new DateTime(2017, 10, 4));
        scenario.Database.Rows.Rows.Add("o-1", 2, null, null, null);

        var run = await LandRun.ExtractAsync(scenario, _lake, SqlServerScenario.Spec, offset: null);

        scenario.Database.Log.Should().Equal(
            "BEGIN TRANSACTION ISOLATION LEVEL Snapshot",
            MinValid,
            Columns,
            Current,
            "SELECT t.[order_id], t.[line], t.[price], t.[placed_at], t.[shipped_on] FROM [dbo].[orders] AS t",
            "COMMIT");
        run.Result.Should().BeEquivalentTo(new ExtractionResult("""{"changeVersion":17}""", IsFullSnapshot: true));
        run.Records.Should().BeEquivalentTo(new[]
        {
            Row("I", "17", "o-1", "1", "129.90", "2017-10-02 10:56:33", "2017-10-04"),
            Row("I", "17", "o-1", "2", null, null, null),
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Should_read_the_changes_after_the_offset_with_deletes_carrying_only_their_key()
    {
        var scenario = new SqlServerScenario();
        scenario.Database.MinValidVersion = 3L;
        scenario.Database.CurrentVersion = 21;
        scenario.Database.Rows = SqlServerScenario.ChangeRows();
        scenario.Database.Rows.Rows.Add(
            "I", 18L, true, "o-2", 1, 10.5m, new DateTime(2018, 1, 1, 0, 0, 0).AddTicks(5), null);
        scenario.Database.Rows.Rows.Add(
            "U", 19L, true, "o-1", 1, 99m, new DateTime(2017, 10, 2, 10, 56, 33), new DateTime(2017, 10, 4));
        scenario.Database.Rows.Rows.Add("D", 20L, false, "o-1", 2, null, null, null);
        scenario.Database.Rows.Rows.Add("U", 21L, false, "o-3", 1, null, null, null);

        var run = await LandRun.ExtractAsync(scenario, _lake, SqlServerScenario.Spec, """{"changeVersion":17}""");

        scenario.Database.Log.Should().HaveCount(6);
        scenario.Database.Log[..4].Should()
            .Equal("BEGIN TRANSACTION ISOLATION LEVEL Snapshot", MinValid, Columns, Current);
        scenario.Database.Log[4].Should()
            .Contain("FROM CHANGETABLE(CHANGES [dbo].[orders], @last_sync_version) AS c LEFT JOIN [dbo].[orders] AS t")
            .And.EndWith("[@last_sync_version=17]");
        scenario.Database.Log[5].Should().Be("COMMIT");
        run.Result.Should().BeEquivalentTo(new ExtractionResult("""{"changeVersion":21}""", IsFullSnapshot: false));
        run.Records.Should().BeEquivalentTo(new[]
        {
            Row("I", "18", "o-2", "1", "10.5", "2018-01-01 00:00:00.0000005", null),
            Row("U", "19", "o-1", "1", "99", "2017-10-02 10:56:33", "2017-10-04"),
            Row("D", "20", "o-1", "2", null, null, null),
            Row("D", "21", "o-3", "1", null, null, null),
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Should_move_the_offset_to_the_current_version_when_nothing_changed()
    {
        var scenario = new SqlServerScenario(ExpiredOffsetPolicy.Fail);
        scenario.Database.MinValidVersion = 17L;
        scenario.Database.CurrentVersion = 40;
        scenario.Database.Rows = SqlServerScenario.ChangeRows();

        var run = await LandRun.ExtractAsync(scenario, _lake, SqlServerScenario.Spec, """{"changeVersion":17}""");

        run.Records.Should().BeEmpty();
        run.Result.Should().BeEquivalentTo(new ExtractionResult("""{"changeVersion":40}""", IsFullSnapshot: false));
    }

    [Fact]
    public async Task Should_reload_in_full_when_the_offset_expired_under_the_default_policy()
    {
        var scenario = new SqlServerScenario();
        scenario.Database.MinValidVersion = 30L;
        scenario.Database.CurrentVersion = 40;
        scenario.Database.Rows = SqlServerScenario.SnapshotRows();
        scenario.Database.Rows.Rows.Add("o-1", 1, 1m, null, null);

        var run = await LandRun.ExtractAsync(scenario, _lake, SqlServerScenario.Spec, """{"changeVersion":17}""");

        run.Result.Should().BeEquivalentTo(new ExtractionResult("""{"changeVersion":40}""", IsFullSnapshot: true));
        scenario.Database.Log[4].Should().StartWith("SELECT t.[order_id]").And.NotContain("CHANGETABLE");
    }

    [Fact]
    public async Task Should_fail_before_reading_rows_when_the_offset_expired_under_the_fail_policy()
    {
        var scenario = new SqlServerScenario(ExpiredOffsetPolicy.Fail);
        scenario.Database.MinValidVersion = 30L;
        scenario.Database.CurrentVersion = 40;

        var act = () => LandRun.ExtractAsync(scenario, _lake, SqlServerScenario.Spec, """{"changeVersion":17}""");

        await act.Should().ThrowAsync<ChangeTrackingOffsetExpiredException>().WithMessage("*dbo.orders*17*30*");
        scenario.Database.Log.Should().Equal(
            ["BEGIN TRANSACTION ISOLATION LEVEL Snapshot", MinValid, Columns, Current],
            "no row is read and nothing is committed");
    }

    [Fact]
    public async Task Should_compare_the_catalog_columns_with_the_spec()
    {
        var scenario = new SqlServerScenario();
        scenario.Database.MinValidVersion = 3L;
        scenario.Database.CurrentVersion = 17;
        scenario.Database.Rows = SqlServerScenario.SnapshotRows();
        scenario.Database.Columns.AddRange(["order_id", "LINE", "price", "placed_at", "shipped_on", "channel"]);

        var run = await LandRun.ExtractAsync(scenario, _lake, SqlServerScenario.Spec, offset: null);

        run.Result.SchemaDrift.Should().BeEquivalentTo(new SchemaDrift { Added = ["channel"], Missing = [] },
            "SQL Server names compare case-insensitively");
        scenario.Database.Columns.Remove("price");
        var act = () => LandRun.ExtractAsync(scenario, _lake, SqlServerScenario.Spec, offset: null);
        (await act.Should().ThrowAsync<SourceUnavailableException>()).Which.Message.Should()
            .StartWith("dbo.orders no longer has the column(s) price");
    }

    [Fact]
    public async Task Should_say_that_change_tracking_is_off_when_the_min_valid_version_is_null()
    {
        var scenario = new SqlServerScenario();
        scenario.Database.MinValidVersion = null;

        var act = () => LandRun.ExtractAsync(scenario, _lake, SqlServerScenario.Spec, offset: null);

        await act.Should().ThrowAsync<SourceUnavailableException>()
            .WithMessage("*Change tracking is not enabled on dbo.orders*");
    }

    public void Dispose() => _lakeDirectory.Dispose();

    private static Dictionary<string, string?> Row(string op, string version, string id, string line, string? price,
        string? placedAt, string? shippedOn) => new()
    {
        ["_op"] = op,
        ["_change_version"] = version,
        ["order_id"] = id,
        ["line"] = line,
        ["price"] = price,
        ["placed_at"] = placedAt,
        ["shipped_on"] = shippedOn,
    };
}
