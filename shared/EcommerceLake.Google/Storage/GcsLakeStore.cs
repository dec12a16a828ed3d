using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EcommerceLake.Lake;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Google.Storage;

/// <summary>
/// The lake in a Cloud Storage bucket, through the JSON API (https://cloud.google.com/storage/docs/json_api/v1/objects)
/// with <see cref="GoogleApiClient"/>. A lake path <c>land/…/part-00000.ndjson.gz</c> is the object
/// <c>{Lake:Prefix}/land/…/part-00000.ndjson.gz</c> of <c>Lake:Bucket</c>.
/// <para>
/// Writes are resumable uploads (https://cloud.google.com/storage/docs/performing-resumable-uploads) in chunks of
/// <c>Lake:UploadChunkBytes</c> (a multiple of 256 KiB; the last chunk may be smaller). When a chunk's connection drops
/// or Cloud Storage answers 408/429/5xx, the store asks the session how much it persisted (an empty <c>PUT</c> with
/// <c>Content-Range: bytes */total</c>, answered <c>308 Resume Incomplete</c> with <c>Range: bytes=0-N</c>) and goes on
/// from byte N + 1, so an upload survives a dropped connection without sending the object again. A session Cloud
/// Storage has forgotten (404/410) is started again once, from the beginning of the content.
/// </para>
/// <para>
/// No overwrite: every upload carries <c>ifGenerationMatch=0</c>, a precondition that holds only while no live object
/// has the name, so a finished object is never replaced; Cloud Storage answers 412 and the store throws
/// <see cref="LakeObjectExistsException"/>. An object becomes visible only when its last chunk is committed, never
/// partly written.
/// </para>
/// <para>
/// Manifest-last visibility is <see cref="LakeBatchWriter"/>'s: it puts the parts and the quarantine first and the
/// <c>_manifest.json</c> last, and readers (<see cref="LakeBatchReader"/>) treat a batch without a manifest as
/// unfinished. Cloud Storage's strong read-after-write and list consistency make a manifest visible to every reader as
/// soon as its upload is finalized.
/// </para>
/// </summary>
public sealed class GcsLakeStore : ILakeStore
{
    /// <summary>Cloud Storage's chunk granularity: every chunk but the last must be a multiple of 256 KiB.</summary>
    public const int ChunkGranularity = 256 * 1024;

    private const int DeleteParallelism = 8;

    private readonly GoogleApiClient _client;
    private readonly ILogger _logger;
    private readonly Uri _endpoint;

    /// <summary>Creates the store over <see cref="LakeOptions.Bucket"/>, <see cref="LakeOptions.Prefix"/> and <see cref="LakeOptions.UploadChunkBytes"/>.</summary>
    /// <exception cref="ArgumentException">The bucket is missing or the chunk size is not a positive multiple of 256 KiB.</exception>
    public GcsLakeStore(GoogleApiClient client, IOptions<LakeOptions> options, ILogger<GcsLakeStore>? logger = null)
        : this(client, options.Value.Bucket ?? "", options.Value.Prefix, options.Value.UploadChunkBytes, logger)
    {
    }

    /// <summary>Creates the store over <paramref name="bucket"/>, object names under <paramref name="prefix"/> (may be empty).</summary>
    /// <param name="client">The Google REST client (endpoint <see cref="GoogleCloudOptions.StorageEndpoint"/>).</param>
    /// <param name="bucket">Bucket name.</param>
    /// <param name="prefix">Object-name prefix without leading or trailing '/', or empty.</param>
    /// <param name="chunkBytes">Bytes per upload chunk, a positive multiple of 262 144.</param>
    /// <param name="logger">Logs resumed and restarted uploads.</param>
    /// <exception cref="ArgumentException">The bucket is missing or the chunk size is not a positive multiple of 256 KiB.</exception>
    public GcsLakeStore(GoogleApiClient client, string bucket, string prefix, int chunkBytes, ILogger? logger = null)
    {
        if (string.IsNullOrWhiteSpace(bucket)) throw new ArgumentException("Lake:Bucket is required for the Cloud Storage lake store.", nameof(bucket));
        if (chunkBytes <= 0 || chunkBytes % ChunkGranularity != 0)
            throw new ArgumentException($"Lake:UploadChunkBytes must be a positive multiple of {ChunkGranularity} (256 KiB); it is {chunkBytes}.", nameof(chunkBytes));
        _client = client;
        Bucket = bucket;
        Prefix = prefix.Trim('/');
        ChunkBytes = chunkBytes;
        _logger = logger ?? NullLogger.Instance;
        var endpoint = client.Options.StorageEndpoint.ToString();
        _endpoint = new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/");
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
        if (string.IsNullOrWhiteSpace(path) || path.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(path) || path.StartsWith('/'))
            throw new ArgumentException($"Lake path '{path}' must be relative and must not contain '..'.", nameof(path));
        var relative = path.Replace('\\', '/').TrimEnd('/');
        return Prefix.Length == 0 ? relative : $"{Prefix}/{relative}";
    }

    /// <inheritdoc />
    /// <remarks>
    /// A resumable upload with <c>ifGenerationMatch=0</c>; see the class remarks for resumption. A seekable
    /// <paramref name="content"/> is read from its current position and its length is announced up front; any other
    /// stream is read chunk by chunk with the total sent as <c>*</c> until its end is reached.
    /// </remarks>
    /// <exception cref="LakeObjectExistsException">An object already exists at <paramref name="path"/> (Cloud Storage answered 412).</exception>
    /// <exception cref="GoogleApiException">Cloud Storage refused the upload (after retries for transient answers).</exception>
    /// <exception cref="HttpRequestException">The connection failed on every attempt.</exception>
    /// <exception cref="IOException">The session was lost twice, or lost when <paramref name="content"/> cannot be read again.</exception>
    public async Task PutAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        var name = ObjectName(path);
        var origin = content.CanSeek ? content.Position : 0;
        long? total = content.CanSeek ? content.Length - origin : null;
        for (var start = 0; ; start++)
        {
            try
            {
                await UploadAsync(path, name, content, total, cancellationToken);
                return;
            }
            catch (SessionLostException lost)
            {
                if (start > 0) throw new IOException($"Cloud Storage lost the upload session of '{Describe(path)}' twice; giving up.", lost);
                if (!content.CanSeek)
                    throw new IOException($"Cloud Storage lost the upload session of '{Describe(path)}' and the content cannot be read again.", lost);
                _logger.LogWarning("Cloud Storage lost the upload session of {Object} ({Status}); starting the upload again",
                    Describe(path), lost.Message);
                content.Position = origin;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks><c>GET storage/v1/b/{bucket}/o/{object}?alt=media</c>; the returned stream reads the answer's body and must be disposed.</remarks>
    /// <exception cref="FileNotFoundException">No object at <paramref name="path"/> (404).</exception>
    /// <exception cref="GoogleApiException">Another error answer.</exception>
    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        var uri = ObjectUri(ObjectName(path), "alt=media");
        var response = await _client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken);
        try
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new FileNotFoundException($"Lake object '{path}' does not exist ({Describe(path)}).", Describe(path));
            if (!response.IsSuccessStatusCode) throw await GoogleApiClient.ErrorAsync(response, cancellationToken);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new ResponseStream(response, body);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks><c>GET storage/v1/b/{bucket}/o/{object}</c> (metadata); 404 is false.</remarks>
    /// <exception cref="GoogleApiException">An error answer other than 404.</exception>
    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        var uri = ObjectUri(ObjectName(path), "fields=name,generation");
        using var response = await _client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (!response.IsSuccessStatusCode) throw await GoogleApiClient.ErrorAsync(response, cancellationToken);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Lists <c>storage/v1/b/{bucket}/o?prefix=…</c> page by page (<c>nextPageToken</c>), keeps the object named
    /// <paramref name="prefix"/> and those under <c>{prefix}/</c> (not <c>{prefix}2/…</c>), then deletes each with
    /// <c>DELETE storage/v1/b/{bucket}/o/{object}</c>, a few at a time; 404 (already gone) is ignored.
    /// </remarks>
    /// <exception cref="GoogleApiException">Listing or a delete failed.</exception>
    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var target = ObjectName(prefix);
        var names = await ListAsync(target, cancellationToken);
        var doomed = names.Where(n => n == target || n.StartsWith(target + "/", StringComparison.Ordinal)).ToList();
        await Parallel.ForEachAsync(doomed, new ParallelOptions { MaxDegreeOfParallelism = DeleteParallelism, CancellationToken = cancellationToken },
            async (name, ct) =>
            {
                var uri = ObjectUri(name, null);
                using var response = await _client.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, uri), ct);
                if (response.StatusCode == HttpStatusCode.NotFound || response.IsSuccessStatusCode) return;
                throw await GoogleApiClient.ErrorAsync(response, ct);
            });
        if (doomed.Count > 0) _logger.LogDebug("Deleted {Count} objects under {Prefix}", doomed.Count, Describe(prefix));
    }

    /// <inheritdoc />
    /// <returns><c>gs://{bucket}/{prefix}/{path}</c>.</returns>
    public string Describe(string path) => $"gs://{Bucket}/{ObjectName(path)}";

    /// <summary>Names of every object whose name starts with <paramref name="namePrefix"/>, in name order.</summary>
    /// <exception cref="GoogleApiException">Listing failed.</exception>
    public async Task<IReadOnlyList<string>> ListAsync(string namePrefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? pageToken = null;
        do
        {
            var query = $"prefix={Uri.EscapeDataString(namePrefix)}&fields={Uri.EscapeDataString("items(name),nextPageToken")}";
            if (pageToken is not null) query += $"&pageToken={Uri.EscapeDataString(pageToken)}";
            var page = await _client.SendJsonAsync(HttpMethod.Get, new Uri(_endpoint, $"storage/v1/b/{Bucket}/o?{query}"), null, cancellationToken);
            if (page.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                foreach (var item in items.EnumerateArray())
                    if (item.TryGetProperty("name", out var n) && n.GetString() is { } name)
                        names.Add(name);
            pageToken = page.TryGetProperty("nextPageToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(pageToken));
        return names;
    }

    private Uri ObjectUri(string name, string? query) =>
        new(_endpoint, $"storage/v1/b/{Bucket}/o/{Uri.EscapeDataString(name)}{(query is null ? "" : "?" + query)}");

    private async Task UploadAsync(string path, string name, Stream content, long? total, CancellationToken cancellationToken)
    {
        var session = await StartSessionAsync(path, name, total, cancellationToken);
        // A chunk shorter than the buffer marks the end of the content, so a small object of known size gets a buffer
        // one byte longer than itself rather than a whole chunk.
        var buffer = new byte[total is { } size && size < ChunkBytes ? (int)size + 1 : ChunkBytes];
        long chunkStart = 0, confirmed = 0;
        var chunkLength = 0;
        var endOfContent = false;
        var stalls = 0;
        while (true)
        {
            if (confirmed == chunkStart + chunkLength && !endOfContent)
            {
                chunkStart = confirmed;
                chunkLength = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                if (chunkLength < buffer.Length)
                {
                    endOfContent = true;
                    total = chunkStart + chunkLength;
                }
            }
            if (confirmed < chunkStart || confirmed > chunkStart + chunkLength)
                throw new IOException($"Cloud Storage reports {confirmed} bytes of '{Describe(path)}' persisted, outside the buffered chunk " +
                                      $"{chunkStart}-{chunkStart + chunkLength}; the upload cannot resume.");

            var offset = (int)(confirmed - chunkStart);
            Progress progress;
            try
            {
                progress = await SendChunkAsync(path, session, buffer, offset, chunkLength - offset, confirmed, total, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException and not LakeObjectExistsException
                                          || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                progress = Progress.Interrupted(e.Message);
            }

            var interrupted = progress.Interruption is not null;
            if (progress.Interruption is { } why)
            {
                if (++stalls >= _client.Options.MaxAttempts)
                    throw new IOException($"Upload of '{Describe(path)}' made no progress in {stalls} attempts; last failure: {why}");
                await Task.Delay(_client.Options.RetryBackoff.Delay(stalls - 1), _client.Time, cancellationToken);
                progress = await QueryAsync(path, session, total, cancellationToken);
                _logger.LogWarning("Upload of {Object} interrupted at byte {Offset} ({Failure}); Cloud Storage {State}",
                    Describe(path), confirmed, why, progress.Done ? "had received it all and committed the object" : $"holds {progress.Persisted} bytes, resuming from there");
            }

            if (progress.Done) return;
            if (progress.Persisted > confirmed) stalls = 0;
            else if (!interrupted && ++stalls >= _client.Options.MaxAttempts)
                throw new IOException($"Upload of '{Describe(path)}' made no progress in {stalls} attempts at byte {confirmed}.");
            confirmed = progress.Persisted;
        }
    }

    private async Task<Uri> StartSessionAsync(string path, string name, long? total, CancellationToken cancellationToken)
    {
        var uri = new Uri(_endpoint,
            $"upload/storage/v1/b/{Bucket}/o?uploadType=resumable&name={Uri.EscapeDataString(name)}&ifGenerationMatch=0");
        var contentType = ContentTypeOf(name);
        var metadata = JsonSerializer.Serialize(new { name, contentType }, GoogleJson.Options);
        using var response = await _client.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new StringContent(metadata, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("X-Upload-Content-Type", contentType);
            if (total is { } t) request.Headers.TryAddWithoutValidation("X-Upload-Content-Length", t.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return request;
        }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.PreconditionFailed) throw new LakeObjectExistsException(path);
        if (!response.IsSuccessStatusCode) throw await GoogleApiClient.ErrorAsync(response, cancellationToken);
        var location = response.Headers.Location
                       ?? throw new IOException($"Cloud Storage started an upload of '{Describe(path)}' without a session URI (Location header).");
        return location.IsAbsoluteUri ? location : new Uri(uri, location);
    }

    private async Task<Progress> SendChunkAsync(
        string path, Uri session, byte[] buffer, int offset, int count, long position, long? total, CancellationToken cancellationToken)
    {
        using var response = await _client.SendAsync(() =>
        {
            var content = new ByteArrayContent(buffer, offset, count);
            if (count == 0)
                SetQueryRange(content, total);
            else if (total is { } t)
                content.Headers.ContentRange = new ContentRangeHeaderValue(position, position + count - 1, t);
            else
                content.Headers.ContentRange = new ContentRangeHeaderValue(position, position + count - 1);
            return new HttpRequestMessage(HttpMethod.Put, session) { Content = content };
        }, cancellationToken, retry: false);
        return await ReadProgressAsync(path, response, allowTransient: true, cancellationToken);
    }

    private async Task<Progress> QueryAsync(string path, Uri session, long? total, CancellationToken cancellationToken)
    {
        using var response = await _client.SendAsync(() =>
        {
            var content = new ByteArrayContent([]);
            SetQueryRange(content, total);
            return new HttpRequestMessage(HttpMethod.Put, session) { Content = content };
        }, cancellationToken);
        return await ReadProgressAsync(path, response, allowTransient: false, cancellationToken);
    }

    /// <summary>The status query / final commit of https://cloud.google.com/storage/docs/performing-resumable-uploads#status-check: <c>bytes */total</c>.</summary>
    private static void SetQueryRange(HttpContent content, long? total)
    {
        if (total is { } t) content.Headers.ContentRange = new ContentRangeHeaderValue(t);
        else content.Headers.TryAddWithoutValidation("Content-Range", "bytes */*");
    }

    private async Task<Progress> ReadProgressAsync(string path, HttpResponseMessage response, bool allowTransient, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is 200 or 201) return Progress.Finished;
        if (status == 308) return new Progress(false, PersistedBytes(response), null);
        if (status == 412) throw new LakeObjectExistsException(path);
        if (status is 404 or 410) throw new SessionLostException($"{status} {response.ReasonPhrase}");
        if (allowTransient && GoogleApiClient.IsTransient(response.StatusCode)) return Progress.Interrupted($"{status} {response.ReasonPhrase}");
        throw await GoogleApiClient.ErrorAsync(response, cancellationToken);
    }

    /// <summary>Bytes persisted according to the <c>Range: bytes=0-N</c> header of a 308 answer (none: 0).</summary>
    private static long PersistedBytes(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("Range", out var values)) return 0;
        foreach (var value in values)
        {
            var text = value.Trim();
            var dash = text.LastIndexOf('-');
            if (text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) && dash > 0
                && long.TryParse(text[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var last))
                return last + 1;
        }
        throw new IOException($"Cloud Storage answered 308 with an unreadable Range header '{string.Join(",", values)}'.");
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".ndjson" => "application/x-ndjson",
        ".gz" => "application/gzip",
        ".csv" => "text/csv",
        _ => "application/octet-stream",
    };

    private sealed record Progress(bool Done, long Persisted, string? Interruption)
    {
        public static Progress Finished { get; } = new(true, 0, null);

        public static Progress Interrupted(string why) => new(false, 0, why);
    }

    private sealed class SessionLostException(string message) : Exception(message);
}
