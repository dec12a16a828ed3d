using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Streams;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace.SqlServer;

public sealed class When_converting_sql_server_values
{
    public static TheoryData<object?, ColumnType, string?> Values => new()
    {
        { null, ColumnType.String, null },
        { DBNull.Value, ColumnType.Int, null },
        { "São Paulo", ColumnType.String, "São Paulo" },
        { new DateTime(2018, 5, 23, 16, 45, 47), ColumnType.Timestamp, "2018-05-23 16:45:47" },
        { new DateTime(2018, 5, 23, 16, 45, 47, 120), ColumnType.Timestamp, "2018-05-23 16:45:47.12" },
        { new DateTime(2018, 5, 23, 16, 45, 47).AddTicks(1234567), ColumnType.Timestamp,
            "2018-05-23 16:45:47.1234567" },
        { new DateTime(2018, 5, 23), ColumnType.Date, "2018-05-23" },
        { new DateTimeOffset(2018, 5, 23, 13, 45, 47, TimeSpan.FromHours(-3)), ColumnType.Timestamp,
            "2018-05-23 16:45:47" },
        { 1234.50m, ColumnType.Decimal, "1234.50" },
        { -0.001m, ColumnType.Decimal, "-0.001" },
        { 12, ColumnType.Int, "12" },
        { 9_000_000_000L, ColumnType.BigInt, "9000000000" },
        { (short)7, ColumnType.Int, "7" },
        { 0.1d, ColumnType.Decimal, "0.1" },
        { true, ColumnType.String, "true" },
        { new Guid("6f2b0b8e-6a0f-4a2e-9f7e-2c1d3b4a5e6f"), ColumnType.String, "6f2b0b8e-6a0f-4a2e-9f7e-2c1d3b4a5e6f" },
        { new TimeSpan(0, 8, 30, 5, 250), ColumnType.String, "08:30:05.25" },
        { new TimeSpan(8, 30, 5), ColumnType.String, "08:30:05" },
        { new byte[] { 0x0A, 0xFF }, ColumnType.String, "0aff" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Should_write_the_invariant_text_form(object? value, ColumnType type, string? expected)
    {
        SqlServerValues.ToText(value, type).Should().Be(expected);
    }
}
