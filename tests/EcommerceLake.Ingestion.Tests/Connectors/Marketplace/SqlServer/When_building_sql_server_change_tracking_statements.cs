using System.Data;
using EcommerceLake.Ingestion.Connectors.Marketplace;
using FluentAssertions;
using Microsoft.Data.SqlClient;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace.SqlServer;

public sealed class When_building_sql_server_change_tracking_statements
{
    private readonly SqlServerChangeTrackingDialect _dialect = new();

    [Fact]
    public void Should_validate_the_saved_version_against_the_tables_min_valid_version()
    {
        using var command = (SqlCommand)_dialect.MinValidVersion(new SqlConnection(), null!, SqlServerScenario.Table);

        command.CommandText.Should().Be("SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(@table))");
        command.Parameters.Cast<SqlParameter>().Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { ParameterName = "@table", SqlDbType = SqlDbType.NVarChar, Value = "[dbo].[orders]" },
            o => o.ExcludingMissingMembers());
    }

    [Fact]
    public void Should_read_the_current_version()
    {
        using var command = _dialect.CurrentVersion(new SqlConnection(), null!);

        command.CommandText.Should().Be("SELECT CHANGE_TRACKING_CURRENT_VERSION()");
        command.Parameters.Count.Should().Be(0);
    }

    [Fact]
    public void Should_read_the_initial_data_with_every_spec_column_in_order()
    {
        using var command = _dialect.Snapshot(
            new SqlConnection(), null!, SqlServerScenario.Table, SqlServerScenario.Spec);

        command.CommandText.Should().Be(
            "SELECT t.[order_id], t.[line], t.[price], t.[placed_at], t.[shipped_on] FROM [dbo].[orders] AS t");
    }

    [Fact]
    public void Should_join_changetable_to_the_table_taking_the_key_from_the_change()
    {
        using var command = (SqlCommand)_dialect.Changes(
            new SqlConnection(), null!, SqlServerScenario.Table, SqlServerScenario.Spec, 41);

        command.CommandText.Should().Be(
            "SELECT c.SYS_CHANGE_OPERATION AS operation, c.SYS_CHANGE_VERSION AS change_version, " +
            "CAST(CASE WHEN t.[order_id] IS NULL THEN 0 ELSE 1 END AS bit) AS row_exists, " +
            "c.[order_id], c.[line], t.[price], t.[placed_at], t.[shipped_on] " +
            "FROM CHANGETABLE(CHANGES [dbo].[orders], @last_sync_version) AS c " +
            "LEFT JOIN [dbo].[orders] AS t ON t.[order_id] = c.[order_id] AND t.[line] = c.[line] " +
            "ORDER BY c.SYS_CHANGE_VERSION");
        command.Parameters.Cast<SqlParameter>().Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { ParameterName = "@last_sync_version", SqlDbType = SqlDbType.BigInt, Value = 41L },
            o => o.ExcludingMissingMembers());
    }

    [Theory]
    [InlineData("dbo]; DROP TABLE x; --", "orders")]
    [InlineData("dbo", "orders]")]
    [InlineData("dbo", "1orders")]
    [InlineData("dbo", "ord ers")]
    [InlineData("", "orders")]
    public void Should_refuse_an_identifier_that_is_not_plain(string schema, string table)
    {
        var act = () => _dialect.Snapshot(
            new SqlConnection(), null!, new TrackedTable(schema, table), SqlServerScenario.Spec);

        act.Should().Throw<ArgumentException>().WithMessage("*not a plain SQL Server identifier*");
    }

    [Fact]
    public void Should_refuse_a_name_longer_than_sysname()
    {
        SqlServerNames.IsValid(new string('a', 128)).Should().BeTrue();
        SqlServerNames.IsValid(new string('a', 129)).Should().BeFalse();
        SqlServerNames.Quote("Order_Items2").Should().Be("[Order_Items2]");
    }
}
