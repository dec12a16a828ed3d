using System.Net;
using EcommerceLake.Lake;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StorageApiException = global::Google.GoogleApiException;
using StorageObject = Google.Apis.Storage.v1.Data.Object;

namespace EcommerceLake.Google.Storage;

/// <summary>
/// The lake in a Cloud Storage bucket, through Google's client library Google.Cloud.Storage.V1
/// (<see cref="StorageClient"/>, over the JSON API https://cloud.google.com/storage/docs/json_api/v1/objects). A lake
/// path <c>land/…/part-00000.ndjson.gz</c> is the object <c>{Lake:Prefix}/land/…/part-00000.ndjson.gz</c> of
/// <c>Lake:Bucket</c>.
/// <para>
/// Writes are the library's resumable uploads (https://cloud.google.com/storage/docs/resumable-uploads) in chunks of
/// <c>Lake:UploadChunkBytes</c> (a multiple of 256 KiB; the last chunk may be smaller). When a chunk's connection
/// drops or Cloud Storage answers 5xx, the library asks the session how much it persisted
/// (<c>Content-Range: bytes */…</c>, answered <c>308</c> with <c>Range: bytes=0-N</c>) and goes on from byte N + 1.
/// A session Cloud Storage has forgotten (404/410) is started again once by the store, from the beginning of a
/// seekable content. The library validates the upload (<see cref="UploadValidationMode.RejectAndThrow"/>: the CRC32C
/// goes with the final chunk in <c>X-Goog-Hash</c>, Cloud Storage refuses a mismatch and no object is created).
/// </para>
/// <para>
/// No overwrite: every upload carries <c>ifGenerationMatch=0</c>, a precondition that holds only while no live object
/// has the name, so a finished object is never replaced; Cloud Storage answers 412 and the store throws
/// <see cref="LakeObjectExistsException"/>. An object becomes visible only when its last chunk is committed, never
/// partly written. Reads check the object's CRC32C (<c>X-Goog-Hash</c>) with
/// <see cref="DownloadValidationMode.Always"/>.
/// </para>
/// <para>
/// Manifest-last visibility is <see cref="LakeBatchWriter"/>'s: it puts the parts and the quarantine first and the
/// <c>_manifest.json</c> last, and readers (<see cref="LakeBatchReader"/>) treat a batch without a manifest as
/// unfinished. Cloud Storage's strong read-after-write and list consistency make a manifest visible to every reader as
/// soon as its upload is finalized.
/// </para>
/// <para>
/// A missing bucket (or one the credentials cannot see) is reported as <see cref="DirectoryNotFoundException"/> naming
/// <c>Lake:Bucket</c>, never as a missing object.
/// </para>
/// </summary>
public sealed class GcsLakeStore : ILakeStore, IListableLakeStore
{
    /// <summary>Cloud Storage's chunk granularity: every chunk but the last must be a multiple of 256 KiB (262 144
    /// bytes).</summary>
    public const int ChunkGranularity = UploadObjectOptions.MinimumChunkSize;

    private const int DeleteParallelism = 8;

    private readonly StorageClient _client;
    private readonly RetryOptions _retry;
    private readonly ILogger _logger;
    private volatile bool _bucketSeen;

    /// <summary>
    /// Creates the store over <see cref="LakeOptions.Bucket"/>, <see cref="LakeOptions.Prefix"/> and
    /// <see cref="LakeOptions.UploadChunkBytes"/>, retrying as <paramref name="cloud"/> says.
    /// </summary>
    /// <exception cref="ArgumentException">The bucket is missing or the chunk size is not a positive multiple of 256
    /// KiB.</exception>
    public GcsLakeStore(
        StorageClient client, IOptions<LakeOptions> options, IOptions<GoogleCloudOptions> cloud,
        ILogger<GcsLakeStore>? logger = null)
        : this(client, options.Value.Bucket ?? "", options.Value.Prefix, options.Value.UploadChunkBytes,
            CloudStorageClients.RetryOptions(cloud.Value), logger)
    {
    }

    /// <summary>Creates the store over <paramref name="bucket"/>, object names under <paramref name="prefix"/> (may be
    /// empty).</summary>
    /// <param name="client">The library's client (see <see cref="CloudStorageClients.Create"/>).</param>
    /// <param name="bucket">Bucket name.</param>
    /// <param name="prefix">Object-name prefix without leading or trailing '/', or empty.</param>
    /// <param name="chunkBytes">Bytes per upload chunk, a positive multiple of 262 144.</param>
    /// <param name="retry">Retry settings of gets, lists and deletes; null: the library's idempotent defaults.</param>
    /// <param name="logger">Logs restarted uploads and deletes.</param>
    /// <exception cref="ArgumentException">The bucket is missing or the chunk size is not a positive multiple of 256
    /// KiB.</exception>
    public GcsLakeStore(
        StorageClient client, string bucket, string prefix, int chunkBytes, RetryOptions? retry = null,
        ILogger? logger = null)
    {
        if (string.IsNullOrWhiteSpace(bucket))
            throw new ArgumentException("Lake:Bucket is required for the Cloud Storage lake store.", nameof(bucket));
        if (chunkBytes <= 0 || chunkBytes % ChunkGranularity != 0)
            throw new ArgumentException(
                $"Lake:UploadChunkBytes must be a positive multiple of {ChunkGranularity} (256 KiB); " +
                $"it is {chunkBytes}.",
                nameof(chunkBytes));
        _client = client;
        Bucket = bucket;
        Prefix = prefix.Trim('/');
        ChunkBytes = chunkBytes;
        _retry = retry ?? RetryOptions.IdempotentRetryOptions;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The bucket.</summary>
    public string Bucket { get; }

    /// <summary>The object-name prefix (no leading or trailing '/'), or empty.</summary>
    public string Prefix { get; }

    /// <summary>Bytes per upload chunk.</summary>
    public int ChunkBytes { get; }

    /// <summary>The object name of lake path <paramref name="path"/>: <c>{prefix}/{path}</c>.</summary>
    /// <exception cref="ArgumentException">The path is empty, rooted or contains <c>..</c>.</exception>
    public string ObjectName(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains("..", StringComparison.Ordinal)
            || Path.IsPathRooted(path) || path.StartsWith('/'))
            throw new ArgumentException(
                $"Lake path '{path}' must be relative and must not contain '..'.", nameof(path));
        var relative = path.Replace('\\', '/').TrimEnd('/');
        return Prefix.Length == 0 ? relative : $"{Prefix}/{relative}";
    }

    /// <inheritdoc />
    /// <remarks>
    /// The library's <c>StorageClient.UploadObjectAsync</c>: a resumable upload with <c>ifGenerationMatch=0</c> in
    /// chunks of
    /// <see cref="ChunkBytes"/>; see the class remarks for resumption. <paramref name="content"/> is read from its
    /// current position; a stream that cannot seek is read chunk by chunk until its end.
    /// </remarks>
    /// <exception cref="LakeObjectExistsException">An object already exists at <paramref name="path"/> (Cloud Storage
    /// answered 412).</exception>
    /// <exception cref="DirectoryNotFoundException">The bucket does not exist.</exception>
    /// <exception cref="StorageApiException">Cloud Storage refused the upload (after the library's
    /// retries).</exception>
    /// <exception cref="IOException">The session was lost twice, or lost when <paramref name="content"/> cannot be
    /// read again.</exception>
    public async Task PutAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        var name = ObjectName(path);
        var origin = content.CanSeek ? content.Position : 0;
        var options = new UploadObjectOptions
        {
            IfGenerationMatch = 0,
            ChunkSize = ChunkBytes,
            UploadValidationMode = UploadValidationMode.RejectAndThrow,
        };
        for (var start = 0; ; start++)
        {
            try
            {
                var target = new StorageObject { Bucket = Bucket, Name = name, ContentType = ContentTypeOf(name) };
                await _client.UploadObjectAsync(target, content, options, cancellationToken);
                _bucketSeen = true;
                return;
            }
            catch (StorageApiException e) when (e.Is(HttpStatusCode.PreconditionFailed))
            {
                _bucketSeen = true;
                throw new LakeObjectExistsException(path);
            }
            catch (StorageApiException e) when (e.Is(HttpStatusCode.NotFound) || e.Is(HttpStatusCode.Gone))
            {
                await ThrowWhenBucketIsMissingAsync(e, cancellationToken);
                if (start > 0)
                    throw new IOException(
                        $"Cloud Storage lost the upload session of '{Describe(path)}' twice; giving up.", e);
                if (!content.CanSeek)
                    throw new IOException(
                        $"Cloud Storage lost the upload session of '{Describe(path)}' and the content cannot be " +
                        "read again.", e);
                _logger.LogWarning(
                    "Cloud Storage lost the upload session of {Object} ({Status}); starting the upload again",
                    Describe(path), (int)e.HttpStatusCode);
                content.Position = origin;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The library's <c>StorageClient.DownloadObjectAsync</c> (<c>GET storage/v1/b/{bucket}/o/{object}?alt=media</c>)
    /// into a temporary file deleted when the returned stream is disposed; the bytes are checked against the object's
    /// CRC32C before the stream is returned, positioned at 0.
    /// </remarks>
    /// <exception cref="FileNotFoundException">No object at <paramref name="path"/> (404).</exception>
    /// <exception cref="DirectoryNotFoundException">The bucket does not exist.</exception>
    /// <exception cref="InvalidDataException">The bytes received do not match the object's hash (corrupted
    /// download).</exception>
    /// <exception cref="StorageApiException">Another error answer.</exception>
    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        var name = ObjectName(path);
        var temporary = Path.Combine(Path.GetTempPath(), $"lake-gcs-{Guid.NewGuid():N}.tmp");
        var file = new FileStream(temporary, FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var options = new DownloadObjectOptions { DownloadValidationMode = DownloadValidationMode.Always };
            await _client.DownloadObjectAsync(Bucket, name, file, options, cancellationToken);
            _bucketSeen = true;
            file.Position = 0;
            return file;
        }
        catch (StorageApiException e) when (e.Is(HttpStatusCode.NotFound))
        {
            await file.DisposeAsync();
            await ThrowWhenBucketIsMissingAsync(e, cancellationToken);
            throw new FileNotFoundException(
                $"Lake object '{path}' does not exist ({Describe(path)}).", Describe(path), e);
        }
        catch (IOException e) when (e.Message.Contains("hash", StringComparison.OrdinalIgnoreCase))
        {
            await file.DisposeAsync();
            throw new InvalidDataException(
                $"The download of lake object '{path}' ({Describe(path)}) does not match the object's hash: " +
                e.Message, e);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks><c>GET storage/v1/b/{bucket}/o/{object}</c> (metadata); 404 is false.</remarks>
    /// <exception cref="DirectoryNotFoundException">The bucket does not exist.</exception>
    /// <exception cref="StorageApiException">An error answer other than 404.</exception>
    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        var name = ObjectName(path);
        try
        {
            var options = new GetObjectOptions { RetryOptions = _retry };
            await _client.GetObjectAsync(Bucket, name, options, cancellationToken);
            _bucketSeen = true;
            return true;
        }
        catch (StorageApiException e) when (e.Is(HttpStatusCode.NotFound))
        {
            await ThrowWhenBucketIsMissingAsync(e, cancellationToken);
            return false;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Lists the objects whose names start with the object name of <paramref name="prefix"/> (the library follows
    /// <c>nextPageToken</c>), keeps the object named so and those under <c>{prefix}/</c> (not <c>{prefix}2/…</c>),
    /// then deletes each (<c>DELETE storage/v1/b/{bucket}/o/{object}</c>), a few at a time; 404 (already gone) is
    /// ignored.
    /// </remarks>
    /// <exception cref="DirectoryNotFoundException">The bucket does not exist.</exception>
    /// <exception cref="StorageApiException">Listing or a delete failed.</exception>
    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var target = ObjectName(prefix);
        var names = await ListAsync(target, cancellationToken);
        var doomed = names.Where(n => n == target || n.StartsWith(target + "/", StringComparison.Ordinal)).ToList();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = DeleteParallelism, CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(doomed, parallel, async (name, ct) =>
        {
            try
            {
                await _client.DeleteObjectAsync(Bucket, name, new DeleteObjectOptions { RetryOptions = _retry }, ct);
            }
            catch (StorageApiException e) when (e.Is(HttpStatusCode.NotFound))
            {
            }
        });
        if (doomed.Count > 0)
            _logger.LogDebug("Deleted {Count} objects under {Prefix}", doomed.Count, Describe(prefix));
    }

    /// <inheritdoc />
    /// <returns><c>gs://{bucket}/{prefix}/{path}</c>.</returns>
    public string Describe(string path) => $"gs://{Bucket}/{ObjectName(path)}";

    /// <inheritdoc />
    /// <remarks>Lists the object names starting with <c>{Lake:Prefix}/{prefix}</c> and strips the store's
    /// prefix.</remarks>
    /// <exception cref="DirectoryNotFoundException">The bucket does not exist.</exception>
    public async Task<IReadOnlyList<string>> ListPathsAsync(string prefix, CancellationToken cancellationToken)
    {
        var head = Prefix.Length == 0 ? "" : Prefix + "/";
        var names = await ListAsync(head + prefix, cancellationToken);
        return names.Where(n => n.StartsWith(head, StringComparison.Ordinal)).Select(n => n[head.Length..]).ToList();
    }

    /// <summary>Names of every object whose name starts with <paramref name="namePrefix"/>, in name order, all
    /// pages.</summary>
    /// <exception cref="DirectoryNotFoundException">The bucket does not exist.</exception>
    /// <exception cref="StorageApiException">Listing failed.</exception>
    public async Task<IReadOnlyList<string>> ListAsync(string namePrefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        var options = new ListObjectsOptions { Fields = "items(name),nextPageToken", RetryOptions = _retry };
        try
        {
            var items = _client.ListObjectsAsync(Bucket, namePrefix, options);
            await foreach (var item in items.WithCancellation(cancellationToken)) names.Add(item.Name);
        }
        catch (StorageApiException e) when (e.Is(HttpStatusCode.NotFound))
        {
            throw BucketMissing(e);
        }
        _bucketSeen = true;
        return names;
    }

    /// <summary>
    /// After a 404, tells a missing bucket from a missing object or upload session: unless the bucket was seen before,
    /// lists at most one object of it (a permission <c>roles/storage.objectAdmin</c> holds, unlike
    /// <c>buckets.get</c>).
    /// </summary>
    private async Task ThrowWhenBucketIsMissingAsync(StorageApiException notFound, CancellationToken cancellationToken)
    {
        if (_bucketSeen) return;
        try
        {
            var options = new ListObjectsOptions { PageSize = 1, Fields = "nextPageToken", RetryOptions = _retry };
            await _client.ListObjectsAsync(Bucket, Prefix.Length == 0 ? null : Prefix + "/", options)
                .ReadPageAsync(1, cancellationToken);
            _bucketSeen = true;
        }
        catch (StorageApiException e) when (e.Is(HttpStatusCode.NotFound))
        {
            throw BucketMissing(notFound);
        }
    }

    private DirectoryNotFoundException BucketMissing(StorageApiException e) => new(
        $"Cloud Storage bucket '{Bucket}' (Lake:Bucket) does not exist, or the credentials cannot see it: " +
        e.Message, e);

    private static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".ndjson" => "application/x-ndjson",
        ".gz" => "application/gzip",
        ".csv" => "text/csv",
        _ => "application/octet-stream",
    };
}
