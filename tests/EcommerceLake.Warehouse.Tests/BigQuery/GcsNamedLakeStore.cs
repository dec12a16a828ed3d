using EcommerceLake.Lake;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

/// <summary>A local lake whose objects are described as gs:// URIs (what the BigQuery engine hands to load
/// jobs).</summary>
public sealed class GcsNamedLakeStore(string root, string bucket, string prefix) : ILakeStore
{
    private readonly LocalLakeStore _local = new(root);

    public Task PutAsync(string path, Stream content, CancellationToken cancellationToken) =>
        _local.PutAsync(path, content, cancellationToken);

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        _local.OpenReadAsync(path, cancellationToken);

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) =>
        _local.ExistsAsync(path, cancellationToken);

    public Task DeletePrefixAsync(string prefix1, CancellationToken cancellationToken) =>
        _local.DeletePrefixAsync(prefix1, cancellationToken);

    public string Describe(string path) => $"gs://{bucket}/{prefix}/{path}";
}
