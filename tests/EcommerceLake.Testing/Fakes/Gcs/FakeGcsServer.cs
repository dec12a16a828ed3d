using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace EcommerceLake.Testing.Fakes.Gcs;

/// <summary>
/// A fake Cloud Storage JSON API (https://cloud.google.com/storage/docs/json_api/v1/objects) that Google's own client
/// (Google.Cloud.Storage.V1) talks to as to the real service: a small ASP.NET Core app on
/// <c>http://127.0.0.1:{port}</c>
/// (client base URI <c>{BaseUri}storage/v1/</c>). Objects are plain FILES at <see cref="PathOf"/> =
/// <c>{RootDirectory}/{bucket}/{objectName}</c>, so another process (a fake Dataproc running a PySpark driver) can
/// read
/// and write the bucket directly and its files are objects here. A bucket exists when its directory does
/// (<see cref="CreateBucket"/>); requests on any other bucket answer 404 "The specified bucket does not exist.". A
/// generation is the file's modification time in microseconds since the Unix epoch. The directory
/// <c>{RootDirectory}/.staging</c> holds uploads being committed (a name starting with '.' is never a bucket).
/// <para>
/// Supported: bucket metadata (<c>GET storage/v1/b/{bucket}</c>); object metadata with <c>size</c>, <c>md5Hash</c> and
/// <c>crc32c</c> (base64, CRC-32C big-endian) (<c>GET storage/v1/b/{bucket}/o/{object}</c>); <c>alt=media</c>
/// downloads
/// with <c>X-Goog-Hash: crc32c=…,md5=…</c>, <c>X-Goog-Generation</c> and, for a <c>Range: bytes=a-b</c> request, 206
/// with
/// <c>Content-Range</c> (416 when unsatisfiable); list with <c>prefix</c>, <c>delimiter</c> (→ <c>prefixes</c>),
/// <c>maxResults</c> and <c>pageToken</c> (page size capped by <see cref="ListPageSize"/>); delete; uploads
/// (https://cloud.google.com/storage/docs/json_api/v1/objects/insert): <c>uploadType=media</c>,
/// <c>uploadType=multipart</c> (<c>multipart/related</c>: JSON metadata, then the media) and
/// <c>uploadType=resumable</c> (https://cloud.google.com/storage/docs/performing-resumable-uploads: session URI in
/// <c>Location</c>; chunks <c>PUT</c> with <c>Content-Range: bytes a-b/*</c> answered <c>308</c> with
/// <c>Range: bytes=0-N</c>, non-final chunks a multiple of 256 KiB; the final chunk <c>bytes a-b/total</c> or a whole
/// object in one <c>PUT</c>, also as <c>bytes a-*/*</c> (the rest of an object of unknown length); status queries
/// <c>bytes */*</c> and <c>bytes */total</c>); <c>ifGenerationMatch</c> (0:
/// only
/// when no object exists; else the live generation) answered 412 when it fails. An upload's
/// <c>crc32c</c>/<c>md5Hash</c>
/// in its metadata or an <c>X-Goog-Hash</c> header on its final request is checked: a mismatch answers 400 and creates
/// no object. Errors carry Google's JSON error body.
/// </para>
/// <para>
/// Fault switches: <see cref="FailNextRequests"/> (the next N requests answer an error, e.g. 503 with
/// <c>Retry-After</c>), <see cref="DropConnectionDuringChunk"/> (read part of the Nth chunk, persist it at 256 KiB
/// granularity and abort the connection), <see cref="LoseSessionAtChunk"/> (the Nth chunk finds its session gone:
/// 404),
/// <see cref="CorruptNextDownloads"/> (media served with a flipped byte under the stored object's hashes).
/// Every request is recorded in <see cref="Requests"/>.
/// </para>
/// </summary>
public sealed partial class FakeGcsServer : IAsyncDisposable
{
    /// <summary>Granularity at which the fake persists a chunk cut short, and of every non-final chunk.</summary>
    public const int ChunkGranularity = 256 * 1024;

    private static readonly DateTime Epoch = DateTime.UnixEpoch;

    private readonly WebApplication _app;
    private readonly bool _ownsRoot;
    private readonly object _gate = new();
    private readonly Dictionary<string, UploadSession> _sessions = [];
    private readonly ConcurrentQueue<FakeGcsRequest> _requests = new();
    private int _requestCount;
    private int _chunkCount;
    private int _failNext;
    private int _failStatus;
    private TimeSpan? _failRetryAfter;
    private int _dropAtChunk;
    private int _dropAfterBytes;
    private int _loseAtChunk;
    private int _corruptDownloads;

    private FakeGcsServer(WebApplication app, string root, bool ownsRoot)
    {
        _app = app;
        RootDirectory = root;
        _ownsRoot = ownsRoot;
    }

    /// <summary>Base URI of the API, ending in '/': use it as <c>GoogleCloud:StorageEndpoint</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The directory holding one sub-directory per bucket.</summary>
    public string RootDirectory { get; }

    /// <summary>Page size cap of object listings (default 1 000, Cloud Storage's); set it small to make clients
    /// page.</summary>
    public int ListPageSize { get; set; } = 1000;

    /// <summary>Called with each request as it arrives, before it is answered: lets a test act at a precise point of a
    /// protocol.</summary>
    public Action<FakeGcsRequest>? OnRequest { get; set; }

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<FakeGcsRequest> Requests => _requests.ToArray();

    /// <summary>
    /// Starts the fake over <paramref name="rootDirectory"/> (created when missing), or over a new temporary directory
    /// deleted on dispose, with the buckets <paramref name="buckets"/> (see <see cref="CreateBucket"/>).
    /// </summary>
    public static async Task<FakeGcsServer> StartAsync(string? rootDirectory = null, params string[] buckets)
    {
        var owns = rootDirectory is null;
        var root = Path.GetFullPath(rootDirectory ?? Path.Combine(Path.GetTempPath(), $"fake-gcs-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(root);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var server = new FakeGcsServer(app, root, owns);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUri = new Uri(app.Urls.First().TrimEnd('/') + "/");
        foreach (var bucket in buckets) server.CreateBucket(bucket);
        return server;
    }

    /// <summary>The base URI Google's client library takes (<c>StorageClientBuilder.BaseUri</c>):
    /// <c>{BaseUri}storage/v1/</c>.</summary>
    public string ClientBaseUri => BaseUri.AbsoluteUri + "storage/v1/";

    /// <summary>Creates bucket <paramref name="bucket"/> (its directory) when it does not exist yet.</summary>
    public void CreateBucket(string bucket)
    {
        if (bucket.Length == 0 || bucket.StartsWith('.') || bucket.Contains('/'))
            throw new ArgumentException($"Bucket '{bucket}' cannot be stored by the fake.", nameof(bucket));
        Directory.CreateDirectory(Path.Combine(RootDirectory, bucket));
    }

    /// <summary>True when bucket <paramref name="bucket"/> exists.</summary>
    public bool BucketExists(string bucket) =>
        bucket.Length > 0 && !bucket.StartsWith('.') && !bucket.Contains('/')
        && Directory.Exists(Path.Combine(RootDirectory, bucket));

    /// <summary>
    /// The next <paramref name="count"/> media downloads serve the object with one byte changed, while
    /// <c>X-Goog-Hash</c> still carries the stored object's hashes: a client that checks hashes must notice.
    /// </summary>
    public void CorruptNextDownloads(int count = 1)
    {
        lock (_gate) _corruptDownloads = count;
    }

    /// <summary>The file of object <paramref name="objectName"/> in <paramref name="bucket"/>.</summary>
    public string PathOf(string bucket, string objectName)
    {
        if (bucket.Length == 0 || bucket.StartsWith('.') || bucket.Contains('/') || objectName.Length == 0
            || objectName.Split('/').Any(s => s is "" or "." or ".."))
            throw new ArgumentException($"Object gs://{bucket}/{objectName} cannot be stored by the fake.");
        return Path.Combine(RootDirectory, bucket, objectName.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>Writes an object directly (as another process would), replacing any; its bucket is created when
    /// missing.</summary>
    public void PutObject(string bucket, string objectName, byte[] content)
    {
        var path = PathOf(bucket, objectName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    /// <summary>The bytes of an object, or null when it does not exist.</summary>
    public byte[]? ReadObject(string bucket, string objectName)
    {
        var path = PathOf(bucket, objectName);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>Names of the objects of <paramref name="bucket"/> starting with <paramref name="prefix"/>, in name
    /// order.</summary>
    public IReadOnlyList<string> ObjectNames(string bucket, string prefix = "")
    {
        var directory = Path.Combine(RootDirectory, bucket);
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The next <paramref name="count"/> requests (of any kind) answer <paramref name="status"/> with Google's
    /// error body and, when given, <c>Retry-After</c> in whole seconds.</summary>
    public void FailNextRequests(int count, int status = 503, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            _failNext = count;
            _failStatus = status;
            _failRetryAfter = retryAfter;
        }
    }

    /// <summary>
    /// Data chunk number <paramref name="chunkNumber"/> (counting every chunk <c>PUT</c> with data from now, 1-based)
    /// is read for <paramref name="afterBytes"/> bytes, which are persisted rounded down to 256 KiB of the object, and
    /// then the connection is aborted without an answer.
    /// </summary>
    public void DropConnectionDuringChunk(int chunkNumber, int afterBytes)
    {
        lock (_gate)
        {
            _dropAtChunk = _chunkCount + chunkNumber;
            _dropAfterBytes = afterBytes;
        }
    }

    /// <summary>Data chunk number <paramref name="chunkNumber"/> (from now, 1-based) finds its session forgotten: 404,
    /// and the session is gone.</summary>
    public void LoseSessionAtChunk(int chunkNumber)
    {
        lock (_gate) _loseAtChunk = _chunkCount + chunkNumber;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsRoot)
        {
            try { Directory.Delete(RootDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var question = raw.IndexOf('?');
        var rawPath = question < 0 ? raw : raw[..question];
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        var record = new FakeGcsRequest(Interlocked.Increment(ref _requestCount), context.Request.Method, rawPath,
            query, context.Request.Headers.ContentRange.FirstOrDefault())
        {
            GoogHash = context.Request.Headers["X-Goog-Hash"] is { Count: > 0 } hash ? hash.ToString() : null,
            Range = context.Request.Headers.Range is { Count: > 0 } range ? range.ToString() : null,
        };
        _requests.Enqueue(record);
        OnRequest?.Invoke(record);
        // Google's clients gzip JSON request bodies (Content-Encoding: gzip), which Cloud Storage accepts.
        if (context.Request.Headers.ContentEncoding
            .Any(e => string.Equals(e, "gzip", StringComparison.OrdinalIgnoreCase)))
        {
            context.Request.Body = new GZipStream(context.Request.Body, CompressionMode.Decompress);
            context.Request.Headers.ContentLength = null;
        }

        IResult? result;
        lock (_gate)
        {
            result = null;
            if (_failNext > 0)
            {
                _failNext--;
                if (_failRetryAfter is { } after)
                    context.Response.Headers.RetryAfter =
                        ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                result = FakeGcsErrors.Error(_failStatus, $"Scripted failure {_failStatus}.");
            }
        }

        if (result is null)
        {
            try
            {
                result = await RouteAsync(context, rawPath, query, record);
            }
            catch (BadRequestException e)
            {
                result = FakeGcsErrors.Error(400, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A defect of the fake: shown to the client (and the test) rather than an empty 500.
                result = FakeGcsErrors.Error(500, $"The fake Cloud Storage failed: {e.GetType().Name}: {e.Message}");
            }
        }
        if (result is null)
        {
            record.Status = 0;
            return;
        }
        await result.ExecuteAsync(context);
        record.Status = context.Response.StatusCode;
    }

    private async Task<IResult?> RouteAsync(
        HttpContext context, string rawPath, Dictionary<string, string> query, FakeGcsRequest record)
    {
        var method = context.Request.Method;
        if (Route().Match(rawPath) is not { Success: true } m) return FakeGcsErrors.Error(404, $"Not Found: {rawPath}");
        var upload = m.Groups["kind"].Value == "upload/";
        var bucket = Uri.UnescapeDataString(m.Groups["bucket"].Value);
        var objects = m.Groups["objects"].Success;
        var name = m.Groups["name"].Success ? Uri.UnescapeDataString(m.Groups["name"].Value) : null;
        if (bucket.StartsWith('.') || bucket.Contains('/'))
            return FakeGcsErrors.Error(400, $"Invalid bucket name: '{bucket}'.");

        if (upload && objects && name is null && method == "PUT" && query.TryGetValue("upload_id", out var id))
            return await ChunkAsync(context, id, record);
        if (!BucketExists(bucket)) return FakeGcsErrors.Error(404, "The specified bucket does not exist.");
        if (!objects)
            return method == "GET" && !upload ? Results.Json(BucketMetadata(bucket))
                : FakeGcsErrors.Error(400, $"{method} is not supported on a bucket.");
        if (upload && name is null)
        {
            if (method != "POST") return FakeGcsErrors.Error(400, "Unsupported upload request.");
            return query.GetValueOrDefault("uploadType") switch
            {
                "resumable" => await StartSessionAsync(context, bucket, query),
                "media" => await SimpleUploadAsync(context, bucket, query, record),
                "multipart" => await MultipartUploadAsync(context, bucket, query, record),
                var other => FakeGcsErrors.Error(400, $"Invalid uploadType '{other}'."),
            };
        }
        if (upload) return FakeGcsErrors.Error(404, $"Not Found: {rawPath}");
        if (name is null)
            return method == "GET"
                ? List(bucket, query)
                : FakeGcsErrors.Error(400, $"{method} is not supported on a bucket's objects.");

        var path = PathOf(bucket, name);
        switch (method)
        {
            case "GET" when !File.Exists(path):
                return FakeGcsErrors.Error(404, $"No such object: {bucket}/{name}");
            case "GET" when query.GetValueOrDefault("alt") == "media" || m.Groups["kind"].Value == "download/":
                return await MediaAsync(context, path, name);
            case "GET":
                return Results.Json(Metadata(bucket, name, path));
            case "DELETE":
                lock (_gate)
                {
                    if (!File.Exists(path)) return FakeGcsErrors.Error(404, $"No such object: {bucket}/{name}");
                    File.Delete(path);
                    RemoveEmptyParents(bucket, path);
                }
                return Results.NoContent();
            default:
                return FakeGcsErrors.Error(400, $"{method} is not supported on an object.");
        }
    }

    /// <summary>
    /// <c>alt=media</c>: the object's bytes with <c>X-Goog-Hash</c> (both hashes of the whole stored object, as Cloud
    /// Storage sends them also for a range), <c>X-Goog-Generation</c> and <c>X-Goog-Stored-Content-Length</c>; a
    /// <c>Range: bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c> request gets 206 and <c>Content-Range</c>.
    /// </summary>
    private async Task<IResult> MediaAsync(HttpContext context, string path, string name)
    {
        var content = await File.ReadAllBytesAsync(path);
        var headers = context.Response.Headers;
        headers["X-Goog-Generation"] = Generation(path).ToString(CultureInfo.InvariantCulture);
        headers["X-Goog-Metageneration"] = "1";
        headers["X-Goog-Hash"] =
            $"crc32c={Crc32c.ToBase64(content)},md5={Convert.ToBase64String(MD5.HashData(content))}";
        headers["X-Goog-Stored-Content-Length"] = content.Length.ToString(CultureInfo.InvariantCulture);
        headers["X-Goog-Stored-Content-Encoding"] = "identity";
        lock (_gate)
        {
            if (_corruptDownloads > 0 && content.Length > 0)
            {
                _corruptDownloads--;
                content = (byte[])content.Clone();
                content[content.Length / 2] ^= 0xFF;
            }
        }
        var range = context.Request.Headers.Range.FirstOrDefault();
        if (string.IsNullOrEmpty(range)) return Results.Bytes(content, ContentTypeOf(name));
        if (ByteRange().Match(range.Trim()) is not { Success: true } r)
            return FakeGcsErrors.Error(400, $"Invalid Range header '{range}'.");
        long first, last;
        if (r.Groups["first"].Success)
        {
            first = long.Parse(r.Groups["first"].Value, CultureInfo.InvariantCulture);
            last = r.Groups["last"].Success
                ? Math.Min(long.Parse(r.Groups["last"].Value, CultureInfo.InvariantCulture), content.Length - 1)
                : content.Length - 1;
        }
        else
        {
            var suffix = long.Parse(r.Groups["suffix"].Value, CultureInfo.InvariantCulture);
            first = Math.Max(0, content.Length - suffix);
            last = content.Length - 1;
        }
        if (first >= content.Length || first > last)
        {
            headers.ContentRange = $"bytes */{content.Length}";
            return FakeGcsErrors.Error(416, "The requested range cannot be satisfied.");
        }
        headers.ContentRange = $"bytes {first}-{last}/{content.Length}";
        context.Response.StatusCode = 206;
        return Results.Bytes(content.AsMemory((int)first, (int)(last - first + 1)).ToArray(), ContentTypeOf(name));
    }

    /// <summary>
    /// <c>objects.list</c>: names in lexicographic order; with <c>delimiter</c>, a name holding the delimiter after
    /// the
    /// prefix is rolled up into <c>prefixes</c> (its prefix up to and including the delimiter, once). Items and
    /// prefixes share the pages; <c>nextPageToken</c> is the last entry of a page, base64.
    /// </summary>
    private IResult List(string bucket, Dictionary<string, string> query)
    {
        var prefix = query.GetValueOrDefault("prefix") ?? "";
        var delimiter = query.GetValueOrDefault("delimiter") is { Length: > 0 } d ? d : null;
        var size = ListPageSize;
        if (query.TryGetValue("maxResults", out var max) && int.TryParse(max, CultureInfo.InvariantCulture, out var m)
            && m > 0)
            size = Math.Min(size, m);
        var after = query.TryGetValue("pageToken", out var token) && token.Length > 0
            ? Encoding.UTF8.GetString(Convert.FromBase64String(token))
            : null;
        var entries = new SortedSet<string>(StringComparer.Ordinal);
        var rolledUp = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in ObjectNames(bucket, prefix))
        {
            var cut = delimiter is null ? -1 : n.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            if (cut < 0) entries.Add(n);
            else if (rolledUp.Add(n[..(cut + delimiter!.Length)])) entries.Add(n[..(cut + delimiter.Length)]);
        }
        var remaining = entries.Where(e => after is null || string.CompareOrdinal(e, after) > 0).ToList();
        var page = remaining.Take(size).ToList();
        bool IsPrefix(string e) => rolledUp.Contains(e);
        var items = page.Where(e => !IsPrefix(e)).Select(n => Metadata(bucket, n, PathOf(bucket, n))).ToList();
        var prefixes = page.Where(IsPrefix).ToList();
        var next = remaining.Count > size ? Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1])) : null;
        return Results.Json(new Dictionary<string, object?>
        {
            ["kind"] = "storage#objects",
            ["prefixes"] = prefixes.Count > 0 ? prefixes : null,
            ["items"] = items.Count > 0 ? items : null,
            ["nextPageToken"] = next,
        }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
    }

    private async Task<IResult> StartSessionAsync(HttpContext context, string bucket, Dictionary<string, string> query)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        var declaredObject = ObjectResource.Parse(body);
        var name = query.GetValueOrDefault("name") ?? declaredObject.Name;
        if (string.IsNullOrEmpty(name)) return FakeGcsErrors.Error(400, "Required parameter: name");
        long? declared = long.TryParse(context.Request.Headers["X-Upload-Content-Length"].FirstOrDefault(),
            CultureInfo.InvariantCulture, out var d) ? d : null;
        var path = PathOf(bucket, name);
        var precondition = query.GetValueOrDefault("ifGenerationMatch");
        if (!PreconditionHolds(path, precondition))
            return FakeGcsErrors.Error(412, "At least one of the pre-conditions you specified did not hold.");
        var id = Guid.NewGuid().ToString("N");
        lock (_gate) _sessions[id] = new UploadSession(bucket, name, precondition, declared, declaredObject.Hashes);
        context.Response.Headers.Location =
            new Uri(BaseUri, $"upload/storage/v1/b/{bucket}/o?uploadType=resumable&name={Uri.EscapeDataString(name)}" +
                $"&upload_id={id}").AbsoluteUri;
        return Results.Ok();
    }

    private async Task<IResult> SimpleUploadAsync(HttpContext context, string bucket, Dictionary<string, string> query,
        FakeGcsRequest record)
    {
        if (query.GetValueOrDefault("name") is not { Length: > 0 } name)
            return FakeGcsErrors.Error(400, "Required parameter: name");
        var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        record.BodyBytes = buffer.Length;
        var hashes = ExpectedHashes.FromHeader(context.Request.Headers["X-Goog-Hash"]);
        lock (_gate)
            return Commit(bucket, name, query.GetValueOrDefault("ifGenerationMatch"), buffer.ToArray(), hashes);
    }

    /// <summary>
    /// <c>uploadType=multipart</c>: a <c>multipart/related</c> body of two parts, the object resource as JSON (name,
    /// contentType, optional crc32c/md5Hash to check) and then the media.
    /// </summary>
    private async Task<IResult> MultipartUploadAsync(
        HttpContext context, string bucket, Dictionary<string, string> query, FakeGcsRequest record)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            return FakeGcsErrors.Error(400, "A multipart upload needs Content-Type multipart/related with a boundary.");
        var reader = new MultipartReader(boundary, context.Request.Body);
        var metadataSection = await reader.ReadNextSectionAsync(context.RequestAborted);
        var metadataJson = metadataSection is null
            ? null
            : await new StreamReader(metadataSection.Body).ReadToEndAsync(context.RequestAborted);
        var mediaSection = metadataJson is null ? null : await reader.ReadNextSectionAsync(context.RequestAborted);
        if (metadataJson is null || mediaSection is null)
            return FakeGcsErrors.Error(400, "A multipart upload needs two parts: metadata, then media.");
        var metadata = ObjectResource.Parse(metadataJson);
        var media = new MemoryStream();
        await mediaSection.Body.CopyToAsync(media, context.RequestAborted);
        record.BodyBytes = media.Length;
        var name = query.GetValueOrDefault("name") ?? metadata.Name;
        if (string.IsNullOrEmpty(name)) return FakeGcsErrors.Error(400, "Required parameter: name");
        var hashes = metadata.Hashes.Merge(ExpectedHashes.FromHeader(context.Request.Headers["X-Goog-Hash"]));
        lock (_gate) return Commit(bucket, name, query.GetValueOrDefault("ifGenerationMatch"), media.ToArray(), hashes);
    }

    private async Task<IResult?> ChunkAsync(HttpContext context, string id, FakeGcsRequest record)
    {
        var range = ParseContentRange(record.ContentRange);
        UploadSession? session;
        var chunkNumber = 0;
        bool drop = false, lose = false;
        lock (_gate)
        {
            _sessions.TryGetValue(id, out session);
            if (range.First is not null)
            {
                chunkNumber = ++_chunkCount;
                drop = chunkNumber == _dropAtChunk;
                lose = chunkNumber == _loseAtChunk;
            }
        }

        if (lose)
        {
            record.BodyBytes = await DrainAsync(context.Request.Body, long.MaxValue, null, context.RequestAborted);
            lock (_gate) _sessions.Remove(id);
            return FakeGcsErrors.Error(404, "No such upload session (scripted: session lost).");
        }
        if (session is null) return FakeGcsErrors.Error(404, "No such upload session.");

        if (drop)
        {
            var partial = new MemoryStream();
            record.BodyBytes = await DrainAsync(context.Request.Body, _dropAfterBytes, partial, context.RequestAborted);
            lock (_gate)
            {
                var first = range.First!.Value;
                var end = (first + partial.Length) / ChunkGranularity * ChunkGranularity;
                session.Append(first, partial.ToArray(), end);
            }
            context.Abort();
            return null;
        }

        var data = new MemoryStream();
        record.BodyBytes = await DrainAsync(context.Request.Body, long.MaxValue, data, context.RequestAborted);
        lock (_gate)
        {
            if (session.Result is { } done) return done;
            if (range.Total is { } total) session.Total = total;
            // "bytes a-*/*" (what Google's Node client sends for a stream of unknown length in one request): the body
            // is the rest of the object, and the upload ends with it.
            if (range is { First: { } start, Last: null }) session.Total = start + data.Length;
            if (range.First is { } first)
            {
                var last = range.Last ?? first + data.Length - 1;
                if (data.Length != last - first + 1)
                    return FakeGcsErrors.Error(400,
                        $"Content-Range {record.ContentRange} announces {last - first + 1} bytes, the body has " +
                        $"{data.Length}.");
                if (first > session.Received)
                    return FakeGcsErrors.Error(400,
                        $"Chunk starts at byte {first}, but only {session.Received} bytes are persisted.");
                var final = session.Total is { } t && last + 1 == t;
                if (!final && data.Length % ChunkGranularity != 0)
                    return FakeGcsErrors.Error(400,
                        $"Invalid request. The chunk size of {data.Length} bytes is not a multiple of 256 KiB.");
                session.Append(first, data.ToArray(), last + 1);
            }
            if (session.Total is { } size && session.Received > size)
                return FakeGcsErrors.Error(400,
                    $"The upload holds {session.Received} bytes, more than the total {size}.");
            if (session.Total is { } complete && session.Received == complete)
            {
                var hashes = session.Hashes.Merge(ExpectedHashes.FromHeader(context.Request.Headers["X-Goog-Hash"]));
                var result = Commit(session.Bucket, session.Name, session.Precondition, session.Content(), hashes);
                session.Result = result;
                return result;
            }
            if (session.Received > 0) context.Response.Headers["Range"] = $"bytes=0-{session.Received - 1}";
            return Results.StatusCode(308);
        }
    }

    /// <summary>Writes a finished object (under <see cref="_gate"/>): staged, then moved into place; 412 when the
    /// precondition fails.</summary>
    private IResult Commit(string bucket, string name, string? precondition, byte[] content, ExpectedHashes hashes)
    {
        var path = PathOf(bucket, name);
        if (hashes.Mismatch(content) is { } mismatch) return FakeGcsErrors.Error(400, mismatch);
        if (!PreconditionHolds(path, precondition))
            return FakeGcsErrors.Error(412, "At least one of the pre-conditions you specified did not hold.");
        var staging = Path.Combine(RootDirectory, ".staging");
        Directory.CreateDirectory(staging);
        var temp = Path.Combine(staging, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(temp, content);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(temp, path, overwrite: precondition != "0");
        return Results.Json(Metadata(bucket, name, path), statusCode: 200);
    }

    private bool PreconditionHolds(string path, string? precondition)
    {
        if (precondition is null) return true;
        if (precondition == "0") return !File.Exists(path);
        return File.Exists(path) && Generation(path).ToString(CultureInfo.InvariantCulture) == precondition;
    }

    private Dictionary<string, object?> Metadata(string bucket, string name, string path)
    {
        var info = new FileInfo(path);
        var generation = Generation(path).ToString(CultureInfo.InvariantCulture);
        var escaped = Uri.EscapeDataString(name);
        var content = File.ReadAllBytes(path);
        return new Dictionary<string, object?>
        {
            ["kind"] = "storage#object",
            ["id"] = $"{bucket}/{name}/{generation}",
            ["selfLink"] = new Uri(BaseUri, $"storage/v1/b/{bucket}/o/{escaped}").AbsoluteUri,
            ["mediaLink"] = new Uri(
                BaseUri, $"download/storage/v1/b/{bucket}/o/{escaped}?generation={generation}&alt=media").AbsoluteUri,
            ["name"] = name,
            ["bucket"] = bucket,
            ["generation"] = generation,
            ["metageneration"] = "1",
            ["contentType"] = ContentTypeOf(name),
            ["storageClass"] = "STANDARD",
            ["size"] = info.Length.ToString(CultureInfo.InvariantCulture),
            ["md5Hash"] = Convert.ToBase64String(MD5.HashData(content)),
            ["crc32c"] = Crc32c.ToBase64(content),
            ["timeCreated"] =
                info.LastWriteTimeUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["updated"] = info.LastWriteTimeUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
    }

    private Dictionary<string, object?> BucketMetadata(string bucket)
    {
        var created = Directory.GetCreationTimeUtc(Path.Combine(RootDirectory, bucket));
        return new Dictionary<string, object?>
        {
            ["kind"] = "storage#bucket",
            ["id"] = bucket,
            ["selfLink"] = new Uri(BaseUri, $"storage/v1/b/{bucket}").AbsoluteUri,
            ["name"] = bucket,
            ["projectNumber"] = "0",
            ["metageneration"] = "1",
            ["location"] = "US",
            ["storageClass"] = "STANDARD",
            ["timeCreated"] = created.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["updated"] = created.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
    }

    private static long Generation(string path) => (File.GetLastWriteTimeUtc(path) - Epoch).Ticks / 10;

    private void RemoveEmptyParents(string bucket, string path)
    {
        var top = Path.Combine(RootDirectory, bucket);
        for (var directory = Path.GetDirectoryName(path);
            directory is not null && directory.Length > top.Length;
            directory = Path.GetDirectoryName(directory))
        {
            if (Directory.EnumerateFileSystemEntries(directory).Any()) return;
            try { Directory.Delete(directory); } catch (IOException) { return; }
        }
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".gz" => "application/gzip",
        ".csv" => "text/csv",
        ".py" => "text/x-python",
        _ => "application/octet-stream",
    };

    private static async Task<long> DrainAsync(Stream body, long limit, Stream? into,
        CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        while (total < limit)
        {
            var read = await body.ReadAsync(
                buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - total)), cancellationToken);
            if (read == 0) break;
            if (into is not null) await into.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            total += read;
        }
        return total;
    }

    private static (long? First, long? Last, long? Total) ParseContentRange(string? header)
    {
        if (header is null || ContentRange().Match(header.Trim()) is not { Success: true } m)
            throw new BadRequestException($"Missing or invalid Content-Range header '{header}'.");
        long? Parse(Group g) => g.Success ? long.Parse(g.Value, CultureInfo.InvariantCulture) : null;
        return (Parse(m.Groups["first"]), Parse(m.Groups["last"]), Parse(m.Groups["total"]));
    }

    [GeneratedRegex(@"^/(?<kind>upload/|download/)?storage/v1/b/(?<bucket>[^/]+)(?<objects>/o(/(?<name>.+))?)?$")]
    private static partial Regex Route();

    [GeneratedRegex(@"^bytes (\*|(?<first>\d+)-((?<last>\d+)|\*))/(\*|(?<total>\d+))$")]
    private static partial Regex ContentRange();

    [GeneratedRegex(@"^bytes=((?<first>\d+)-(?<last>\d+)?|-(?<suffix>\d+))$")]
    private static partial Regex ByteRange();

    private sealed class BadRequestException(string message) : Exception(message);

    private sealed class UploadSession(string bucket, string name, string? precondition, long? total,
        ExpectedHashes hashes)
    {
        public ExpectedHashes Hashes { get; } = hashes;

        private readonly MemoryStream _content = new();

        public string Bucket { get; } = bucket;

        public string Name { get; } = name;

        public string? Precondition { get; } = precondition;

        public long? Total { get; set; } = total;

        public long Received => _content.Length;

        public IResult? Result { get; set; }

        /// <summary>Persists the bytes of <paramref name="data"/> (starting at object byte <paramref name="first"/>) up
        /// to object byte <paramref name="end"/> (exclusive) that are not yet persisted.</summary>
        public void Append(long first, byte[] data, long end)
        {
            var from = Received - first;
            var count = end - Received;
            if (from < 0 || count <= 0) return;
            _content.Position = _content.Length;
            _content.Write(data, (int)from, (int)Math.Min(count, data.Length - from));
        }

        public byte[] Content() => _content.ToArray();
    }

    /// <summary>The fields of an upload's object resource the fake uses.</summary>
    private sealed record ObjectResource(string? Name, ExpectedHashes Hashes)
    {
        public static ObjectResource Parse(string json)
        {
            if (json.Trim().Length == 0) return new ObjectResource(null, new ExpectedHashes(null, null));
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? Text(string property) =>
                root.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()
                    : null;
            return new ObjectResource(Text("name"), new ExpectedHashes(Text("crc32c"), Text("md5Hash")));
        }
    }

    /// <summary>Hashes a client declared for an upload (base64), checked when the object is committed.</summary>
    private sealed record ExpectedHashes(string? Crc32c, string? Md5)
    {
        /// <summary>From <c>X-Goog-Hash: crc32c=…,md5=…</c> (one header or several).</summary>
        public static ExpectedHashes FromHeader(IEnumerable<string?> values)
        {
            string? crc = null, md5 = null;
            foreach (var part in values.SelectMany(v => (v ?? "").Split(',')))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) continue;
                var key = part[..eq].Trim();
                var value = part[(eq + 1)..].Trim();
                if (key.Equals("crc32c", StringComparison.OrdinalIgnoreCase)) crc = value;
                else if (key.Equals("md5", StringComparison.OrdinalIgnoreCase)) md5 = value;
            }
            return new ExpectedHashes(crc, md5);
        }

        public ExpectedHashes Merge(ExpectedHashes other) => new(Crc32c ?? other.Crc32c, Md5 ?? other.Md5);

        /// <summary>Cloud Storage's 400 message when a declared hash does not match <paramref name="content"/>, else
        /// null.</summary>
        public string? Mismatch(byte[] content)
        {
            var crc = Gcs.Crc32c.ToBase64(content);
            if (Crc32c is not null && Crc32c != crc)
                return $"Provided CRC32C \"{Crc32c}\" doesn't match calculated CRC32C \"{crc}\".";
            var md5 = Convert.ToBase64String(MD5.HashData(content));
            if (Md5 is not null && Md5 != md5)
                return $"Provided MD5 hash \"{Md5}\" doesn't match calculated MD5 hash \"{md5}\".";
            return null;
        }
    }
}
