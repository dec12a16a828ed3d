using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

public sealed class When_a_stream_is_loaded_into_bigquery
{
    [Fact]
    public async Task Should_submit_a_load_job_with_every_part_and_a_string_schema()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.AnswerLoads(5, 5, 0, 0, 5);
        var request = await bed.OrdersBatchAsync(count: 5, partRows: 2);

        await bed.Engine.LoadAsync(request, CancellationToken.None);

        var load = bed.Fake.Jobs.Single(j => j.IsLoad).Configuration["load"]!;
        // The parts the batch's manifest lists (under the attempt that committed it, see LakeBatchWriter).
        var uris = load["sourceUris"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        uris.Should().OnlyContain(u => u.StartsWith($"gs://{BigQueryTestBed.Bucket}/lake/{request.RawBatchUri}/"));
        uris.Select(u => u[(u.LastIndexOf('/') + 1)..]).Should().Equal(
            Enumerable.Range(0, 3).Select(i => $"part-{i:D5}.csv.gz"));
        load["sourceFormat"]!.GetValue<string>().Should().Be("CSV");
        load["skipLeadingRows"]!.GetValue<int>().Should().Be(1);
        load["allowQuotedNewlines"]!.GetValue<bool>().Should().BeTrue();
        load["writeDisposition"]!.GetValue<string>().Should().Be("WRITE_TRUNCATE");
        load["nullMarker"].Should()
            .BeNull("the default null marker keeps unquoted empty = NULL and \"\" = empty string");
        load["schema"]!["fields"]!.AsArray().Select(f => $"{f!["name"]}:{f["type"]}").Should().Equal(
            "_op:STRING", "_change_version:STRING", "order_id:STRING", "customer_id:STRING", "order_status:STRING",
            "order_purchase_timestamp:STRING", "order_approved_at:STRING", "order_delivered_carrier_date:STRING",
            "order_delivered_customer_date:STRING", "order_estimated_delivery_date:STRING");
        load["destinationTable"]!["datasetId"]!.GetValue<string>().Should().Be("land");
        load["destinationTable"]!["tableId"]!.GetValue<string>().Should()
            .Be($"stage_marketplace_orders_{request.RunId:N}");
    }

    [Fact]
    public async Task Should_merge_in_one_transactional_script_with_parameters_and_return_its_counts()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.AnswerLoads(5, 3, 1, 1, 42);
        var request = await bed.OrdersBatchAsync(count: 5, ingestDate: new DateOnly(2024, 5, 17));

        var result = await bed.Engine.LoadAsync(request, CancellationToken.None);

        result.Should().BeEquivalentTo(new LoadResult(5, 3, 1, 1, 42), o => o.Excluding(r => r.Checks));
        result.Checks.Should().OnlyContain(c => c.Passed && c.CheckedRows == 4, "the fake's checks pass on 3 + 1 rows");
        bed.Fake.Jobs.Select(j => j.IsLoad ? "load" : "query").Should().Equal("load", "query");
        var script = bed.Fake.Jobs.Single(j => j.IsQuery);
        var sql = script.Query!;
        sql.Should().Contain("BEGIN TRANSACTION;").And.Contain("COMMIT TRANSACTION;");
        sql.IndexOf("BEGIN TRANSACTION", StringComparison.Ordinal).Should()
            .BeLessThan(sql.IndexOf("MERGE `trusted`.`marketplace_orders`", StringComparison.Ordinal));
        sql.Should().Contain("ROW_NUMBER() OVER (PARTITION BY `order_id` ORDER BY `_change_version` DESC");
        sql.Should().Contain("MERGE `trusted`.`marketplace_orders` AS t");
        sql.Should().Contain("ASSERT lake_merged = lake_inserted + lake_updated + lake_deleted");
        sql.Should().Contain("INSERT INTO `raw`.`marketplace_orders` (_PARTITIONTIME,")
            .And.Contain("SELECT TIMESTAMP(@ingest_date),");
        sql.Should().Contain("DELETE FROM `raw`.`marketplace_orders` WHERE `_run_id` = @run_id");
        sql.Should().Contain("CAST(s.`_change_version` AS INT64)").And.NotContain("SAFE_CAST");
        sql.Should().Contain("IS DISTINCT FROM");
        sql.Should().NotContain(request.RunId.ToString("D"))
            .And.NotContain(request.RunId.ToString("N").Substring(0, 8) + "-")
            .And.NotContain("2024-05-17", "values reach the script as parameters only");
        script.Parameters["run_id"].Should().Be(request.RunId.ToString("D"));
        script.Parameters["ingest_date"].Should().Be("2024-05-17");
        script.Parameter("ingest_date")!["parameterType"]!["type"]!.GetValue<string>().Should().Be("DATE");
        script.Parameters["row_count"].Should().Be("5");
        script.Parameters["delete_missing"].Should().Be("false");
        script.Configuration["query"]!["useLegacySql"]!.GetValue<bool>().Should().BeFalse();
        script.Configuration["query"]!["parameterMode"]!.GetValue<string>().Should().Be("NAMED");
        script.Location.Should().Be("US");
        bed.Fake.Table("land", $"stage_marketplace_orders_{request.RunId:N}").Should()
            .BeNull("the staging table is deleted after the load");
    }

    [Fact]
    public async Task Should_delete_missing_keys_only_for_a_clean_full_snapshot()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.AnswerLoads(2, 2, 0, 0, 2);

        await bed.Engine.LoadAsync(await bed.OrdersBatchAsync(count: 2, isFullSnapshot: true), CancellationToken.None);

        bed.Fake.Jobs.Single(j => j.IsQuery).Parameters["delete_missing"].Should().Be("true");
        bed.Fake.Jobs.Single(j => j.IsQuery).Query.Should().Contain("WHERE @delete_missing AND NOT EXISTS");
    }

    [Fact]
    public async Task Should_fail_when_the_result_disagrees_with_the_manifest()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.AnswerLoads(4, 4, 0, 0, 4);

        var request = await bed.OrdersBatchAsync(count: 5);

        var act = () => bed.Engine.LoadAsync(request, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("*4 rows*manifest says 5*");
    }

    [Fact]
    public async Task Should_refuse_a_batch_that_is_not_in_cloud_storage()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        using var local = new EcommerceLake.Testing.TempDirectory("bigquery-local");
        var lake = new EcommerceLake.Lake.LocalLakeStore(local.Path);
        var engine = new EcommerceLake.Warehouse.BigQuery.BigQueryWarehouseEngine(bed.Jobs, bed.Tables,
            Microsoft.Extensions.Options.Options.Create(bed.Options), lake, EcommerceLake.Streams.StreamCatalog.Default,
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<
                EcommerceLake.Warehouse.BigQuery.BigQueryWarehouseEngine>.Instance);
        var runId = Guid.NewGuid();
        var batch = await BigQueryTestBed.WriteRawAsync(lake, "marketplace", "orders", runId,
            [["I", "1", "o", "c", null, null, null, null, null, null]], new DateOnly(2024, 1, 1));

        var act = () => engine.LoadAsync(new LoadRequest(runId, "marketplace", "orders", batch, IsFullSnapshot: false),
            CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*gs://*Lake:Store=Gcs*");
        bed.Fake.Jobs.Should().BeEmpty();
    }
}
