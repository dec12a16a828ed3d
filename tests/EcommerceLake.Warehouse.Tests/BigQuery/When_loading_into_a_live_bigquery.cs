using System.Net.Http.Headers;
using EcommerceLake.Google;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Warehouse.BigQuery;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

/// <summary>
/// The BigQuery engine against real BigQuery and Cloud Storage: initialize, one small load (a duplicate key with two
/// versions, a quoted empty string and a null), the same load again, the marts; then its datasets and objects are
/// dropped.
/// </summary>
public sealed class When_loading_into_a_live_bigquery
{
    [BigQueryLiveFact]
    public async Task Should_initialize_load_merge_and_build_the_marts()
    {
        var client = LiveGoogleCloud.Client();
        var options = new BigQueryOptions
        {
            Location = BigQueryLiveFactAttribute.Location,
            DatasetPrefix = $"{BigQueryLiveFactAttribute.DatasetPrefix}{Guid.NewGuid():N}"[..^24] + "_",
        };
        var wrapped = Options.Create(options);
        var jobs = new BigQueryJobs(client, wrapped, NullLogger<BigQueryJobs>.Instance);
        var tables = new BigQueryTables(client, wrapped, NullLogger<BigQueryTables>.Instance);
        using var directory = new TempDirectory("bigquery-live");
        var prefix = $"lake-live-test/{Guid.NewGuid():N}";
        var lake = new GcsNamedLakeStore(directory.Path, BigQueryLiveFactAttribute.Bucket, prefix);
        var engine = new BigQueryWarehouseEngine(jobs, tables, wrapped, lake, StreamCatalog.Default,
            TimeProvider.System, NullLogger<BigQueryWarehouseEngine>.Instance);
        var uploaded = new List<string>();
        try
        {
            await engine.InitializeAsync(CancellationToken.None);
            var runId = Guid.NewGuid();
            var batch = await BigQueryTestBed.WriteRawAsync(lake, "marketplace", "orders", runId,
            [
                ["I", "1", "order-1", "customer-1", "", "2017-10-02 10:56:33.1234567", null, null, null, null],
                ["U", "2", "order-1", "customer-1", "delivered", "2017-10-02 10:56:33", null, null, null, null],
                ["I", "1", "order-2", "customer-2", null, "2018-01-01 00:00:00", null, null, null, null],
            ], new DateOnly(2024, 5, 17), partRows: 2);
            var manifest = await LakeBatchReader.ReadManifestAsync(lake, batch, CancellationToken.None);
            foreach (var part in manifest.Parts)
                uploaded.Add(await UploadAsync(client, lake, $"{prefix}/{part.Path}", part.Path));
            var request = new LoadRequest(runId, "marketplace", "orders", batch, IsFullSnapshot: false);

            var result = await engine.LoadAsync(request, CancellationToken.None);
            var again = await engine.LoadAsync(request, CancellationToken.None);
            var marts = await engine.BuildMartsAsync(runId, null, CancellationToken.None);

            result.Should().Be(new LoadResult(3, 2, 0, 0, 2));
            again.Should().Be(result);
            var raw = BigQueryNames.Qualified(options.Dataset("raw"), "marketplace_orders");
            var trusted = BigQueryNames.Qualified(options.Dataset("trusted"), "marketplace_orders");
            var check = await QueryAsync(jobs,
                $"""
                SELECT
                  (SELECT COUNTIF(order_status = '') FROM {raw}) AS quoted_empty,
                  (SELECT COUNTIF(order_status IS NULL) FROM {raw}) AS nulls,
                  (SELECT COUNT(*) FROM {raw} WHERE _PARTITIONTIME = TIMESTAMP('2024-05-17')) AS in_partition,
                  (SELECT COUNTIF(order_status = 'delivered' AND _change_version = 2) FROM {trusted}) AS merged,
                  (SELECT COUNTIF(order_purchase_timestamp = DATETIME '2017-10-02 10:56:33.123456') FROM {raw})
                    AS truncated
                """);
            check.Int64(0, "quoted_empty").Should().Be(1, "a quoted \"\" loads as the empty string");
            check.Int64(0, "nulls").Should().Be(1, "an unquoted empty field loads as NULL");
            check.Int64(0, "in_partition").Should().Be(3);
            check.Int64(0, "merged").Should().Be(1, "the higher change version of order-1 won");
            check.Int64(0, "truncated").Should().Be(1, "a seventh fractional digit is truncated");
            marts.RowCounts.Keys.Should().BeEquivalentTo(BigQueryMartsSql.Marts);
        }
        finally
        {
            foreach (var layer in BigQueryWarehouseEngine.Layers)
                await tables.DeleteDatasetAsync(options.Dataset(layer), CancellationToken.None);
            foreach (var name in uploaded)
            {
                using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete,
                    new Uri(client.Options.StorageEndpoint,
                        $"storage/v1/b/{BigQueryLiveFactAttribute.Bucket}/o/{Uri.EscapeDataString(name)}")),
                    CancellationToken.None);
            }
        }
    }

    private static async Task<string> UploadAsync(GoogleApiClient client, ILakeStore lake, string objectName,
        string path)
    {
        await using var content = await lake.OpenReadAsync(path, CancellationToken.None);
        var bytes = new MemoryStream();
        await content.CopyToAsync(bytes);
        var uri = new Uri(client.Options.StorageEndpoint,
            $"upload/storage/v1/b/{BigQueryLiveFactAttribute.Bucket}/o?uploadType=media&name=" +
                $"{Uri.EscapeDataString(objectName)}");
        using var response = await client.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new ByteArrayContent(bytes.ToArray()),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return request;
        }, CancellationToken.None);
        if (!response.IsSuccessStatusCode) throw await GoogleApiClient.ErrorAsync(response, CancellationToken.None);
        return objectName;
    }

    private static async Task<BigQueryQueryResult> QueryAsync(BigQueryJobs jobs, string sql)
    {
        var job = await jobs.RunAsync($"lake_live_check_{Guid.NewGuid():N}", BigQueryJobs.QueryConfiguration(sql, []),
            null, CancellationToken.None);
        return await jobs.GetQueryResultsAsync(job.JobId, CancellationToken.None);
    }
}
