using System.Globalization;
using System.Text.RegularExpressions;

namespace EcommerceLake.Testing.Fakes.Gcs;

/// <summary>One request the fake Cloud Storage received, in arrival order.</summary>
/// <param name="Number">1 for the first request the server received, 2 for the next…</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">The request path as sent (object names still percent-encoded).</param>
/// <param name="Query">Decoded query parameters.</param>
/// <param name="ContentRange">The <c>Content-Range</c> header of an upload chunk or status query, when sent.</param>
public sealed partial record FakeGcsRequest(int Number, string Method, string Path,
    IReadOnlyDictionary<string, string> Query, string? ContentRange)
{
    /// <summary>Body bytes the fake read (for an aborted chunk: the bytes read before the connection was
    /// dropped).</summary>
    public long BodyBytes { get; set; }

    /// <summary>The <c>X-Goog-Hash</c> header (<c>crc32c=…,md5=…</c>) the client sent to have the upload checked, or
    /// null.</summary>
    public string? GoogHash { get; init; }

    /// <summary>The <c>Range</c> header of a download, or null.</summary>
    public string? Range { get; init; }

    /// <summary>The status answered; 0 when the fake dropped the connection instead.</summary>
    public int Status { get; set; }

    /// <summary>True for a resumable-upload <c>PUT</c> (a chunk, a status query or the final commit).</summary>
    public bool IsUploadPut => Method == "PUT" && Query.ContainsKey("upload_id");

    /// <summary>True for a status query of a resumable session: <c>PUT</c> with
    /// <c>Content-Range: bytes */…</c>.</summary>
    public bool IsStatusQuery =>
        IsUploadPut && ContentRange is { } r && r.StartsWith("bytes */", StringComparison.Ordinal);

    /// <summary>The first byte of a data chunk (<c>Content-Range: bytes a-b/…</c>), or null.</summary>
    public long? RangeStart => ContentRange is { } r && Chunk().Match(r) is { Success: true } m
        ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
        : null;

    [GeneratedRegex(@"^bytes (\d+)-(\d+)/")]
    private static partial Regex Chunk();
}
