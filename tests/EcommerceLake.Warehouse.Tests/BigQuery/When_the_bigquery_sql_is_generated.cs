using System.Text.RegularExpressions;
using EcommerceLake.Streams;
using EcommerceLake.Warehouse.BigQuery;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

public sealed class When_the_bigquery_sql_is_generated
{
    public static TheoryData<string> Streams() => new(StreamCatalog.Default.All.Select(s => s.Key));

    [Theory]
    [MemberData(nameof(Streams))]
    public void Should_backquote_every_identifier_and_partition_the_dedup_by_the_key(string key)
    {
        var spec = StreamCatalog.Default.All.Single(s => s.Key == key);
        var sql = new BigQueryMergeSql(spec, new BigQueryOptions());
        var columns = new[] { StreamSpec.OperationColumn, StreamSpec.ChangeVersionColumn }
            .Concat(spec.Columns.Select(c => c.Name)).ToList();

        var script = sql.LoadScript(sql.StageTableName(Guid.NewGuid()), columns);

        var code = Regex.Replace(Regex.Replace(script, @"--[^\n]*", ""), @"'(?:[^'\\]|\\.)*'", "''");
        foreach (var identifier in columns.Append(spec.Table).Append("_run_id").Append("_loaded_at")
                     .Append("_ingested_at"))
            Regex.IsMatch(code, $@"(?<![`\w]){Regex.Escape(identifier)}(?![`\w])").Should()
                .BeFalse("identifier {0} of {1} appears only backquoted", identifier, key);
        var partition = Regex.Match(script, @"PARTITION BY (.+?) ORDER BY");
        partition.Success.Should().BeTrue();
        partition.Groups[1].Value.Should().Be(string.Join(", ", spec.PrimaryKey.Select(k => $"`{k}`")));
        script.Should().Contain($"MERGE `trusted`.`{spec.Table}` AS t");
        script.Should().Contain("ON " + string.Join(" AND ", spec.PrimaryKey.Select(k => $"t.`{k}` = s.`{k}`")));
        script.Should().NotContain("SAFE_CAST");
    }

    [Fact]
    public void Should_cast_with_truncated_microseconds_and_zero_empty_measures()
    {
        var spec = StreamCatalog.Default.Get("marketplace", "order_items");
        var sql = new BigQueryMergeSql(spec, new BigQueryOptions());

        var script = sql.LoadScript("stage", BigQueryTestBed.Columns(spec));

        script.Should().Contain(@"CAST(REGEXP_REPLACE(s.`shipping_limit_date`, "
            + @"r'^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}\.\d{6})\d+$', r'\1') AS DATETIME)");
        script.Should().Contain("CAST(s.`price` AS BIGNUMERIC)").And.Contain("CAST(s.`order_item_id` AS INT64)");
        script.Should().Contain("COALESCE(`price`, 0) AS `price`")
            .And.Contain("COALESCE(`freight_value`, 0) AS `freight_value`");
    }

    [Fact]
    public void Should_load_spec_columns_the_batch_lacks_as_null()
    {
        var spec = StreamCatalog.Default.Get("marketplace", "orders");
        var sql = new BigQueryMergeSql(spec, new BigQueryOptions());

        var script = sql.LoadScript("stage", ["_op", "_change_version", "order_id", "customer_id"]);

        script.Should().Contain("CAST(NULL AS STRING) AS `order_status`");
        script.Should().NotContain("s.`order_status` AS `order_status`", "the staging table has no such column");
    }

    [Fact]
    public void Should_refuse_an_unsafe_identifier()
    {
        var act = () => BigQueryNames.Quote("x`; DROP TABLE y; --");

        act.Should().Throw<ArgumentException>();
        BigQueryNames.Quote("order_id").Should().Be("`order_id`");
    }
}
