using System.Globalization;
using EcommerceLake.Google.Storage;
using EcommerceLake.Lake;
using FluentAssertions;

namespace EcommerceLake.Google.Tests.Live;

/// <summary>
/// One round trip through a real bucket: a small batch under a unique prefix, read back, then deleted.
/// </summary>
public sealed class When_the_lake_lives_in_a_real_bucket
{
    [GcsLiveFact]
    public async Task Should_write_read_and_delete_a_batch()
    {
        var options = new GoogleCloudOptions
        {
            ProjectId = GcsLiveFactAttribute.Project, Authentication = GoogleAuthentication.ApplicationDefault,
        };
        using var client = CloudStorageClients.Create(options);
        var prefix = $"lake-test/{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}";
        var store = new GcsLakeStore(client, GcsLiveFactAttribute.Bucket!, prefix, GcsLakeStore.ChunkGranularity,
            CloudStorageClients.RetryOptions(options));
        var runId = Guid.NewGuid();
        var batch = LakePaths.LandBatch("marketplace", "orders", runId);
        var columns = new[] { "_op", "_change_version", "order_id" };
        var records = Enumerable.Range(1, 1_500)
            .Select(i => new string?[] { "I", i.ToString(CultureInfo.InvariantCulture), $"o-{i}" }).ToArray();
        try
        {
            var writer = await LakeBatchWriter.OpenAsync(
                store, batch, new NdjsonRecordFormat(), columns, 1_000, default);
            foreach (var record in records) await writer.WriteAsync(record, default);
            await writer.CompleteAsync("land", "marketplace", "orders", runId, null, "{}", true, default);

            var manifest = await LakeBatchReader.ReadManifestAsync(store, batch, default);
            var read = new List<string?[]>();
            await foreach (var record in LakeBatchReader.ReadRecordsAsync(
                store, manifest, new NdjsonRecordFormat(), default)) read.Add(record);
            var overwrite = () => store.PutAsync(LakePaths.ManifestOf(batch), new MemoryStream([1]), default);

            read.Should().BeEquivalentTo(records, o => o.WithStrictOrdering());
            await overwrite.Should().ThrowAsync<LakeObjectExistsException>();
        }
        finally
        {
            await store.DeletePrefixAsync("land", default);
        }

        (await LakeBatchReader.TryReadManifestAsync(store, batch, default)).Should().BeNull();
        (await store.ListAsync(prefix + "/", default)).Should().BeEmpty();
    }
}
