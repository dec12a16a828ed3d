using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EcommerceLake.Lake;

/// <summary>Reads finished batches: the manifest, then the parts in order, checking each part's SHA-256.</summary>
public static class LakeBatchReader
{
    /// <summary>The manifest of <paramref name="batch"/>, or null when the batch is not finished.</summary>
    public static async Task<BatchManifest?> TryReadManifestAsync(ILakeStore store, string batch,
        CancellationToken cancellationToken)
    {
        var path = LakePaths.ManifestOf(batch);
        if (!await store.ExistsAsync(path, cancellationToken)) return null;
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        return await JsonSerializer.DeserializeAsync<BatchManifest>(stream, LakeJson.Options, cancellationToken);
    }

    /// <summary>The manifest of <paramref name="batch"/>.</summary>
    /// <exception cref="InvalidOperationException">The batch has no manifest (it is not finished or does not
    /// exist).</exception>
    public static async Task<BatchManifest> ReadManifestAsync(ILakeStore store, string batch,
        CancellationToken cancellationToken) =>
        await TryReadManifestAsync(store, batch, cancellationToken)
        ?? throw new InvalidOperationException(
            $"Lake batch '{batch}' has no {LakePaths.Manifest}; it is unfinished or missing.");

    /// <summary>
    /// Lake path of the quarantine file of <paramref name="batch"/>: the manifest's
    /// <see cref="BatchManifest.Quarantine"/>, else <c>{batch}/_quarantine.ndjson</c> (batches written before attempts
    /// were staged, and the PySpark driver's). The file may not exist (nothing quarantined).
    /// </summary>
    public static string QuarantinePathOf(string batch, BatchManifest manifest) =>
        manifest.Quarantine ?? $"{batch}/{LakePaths.Quarantine}";

    /// <summary>The quarantined records of the finished batch <paramref name="batch"/>, in order; none when there are
    /// none.</summary>
    /// <exception cref="System.Text.Json.JsonException">A line of the quarantine file is not a quarantined
    /// record.</exception>
    public static async Task<IReadOnlyList<QuarantinedRecord>> ReadQuarantineAsync(
        ILakeStore store, string batch, BatchManifest manifest, CancellationToken cancellationToken)
    {
        var path = QuarantinePathOf(batch, manifest);
        if (!await store.ExistsAsync(path, cancellationToken)) return [];
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var records = new List<QuarantinedRecord>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
            if (line.Length > 0) records.Add(JsonSerializer.Deserialize<QuarantinedRecord>(line, LakeJson.Options)!);
        return records;
    }

    /// <summary>Streams the records of every part of <paramref name="manifest"/>.</summary>
    /// <exception cref="InvalidDataException">A part's checksum or content does not match the manifest.</exception>
    public static async IAsyncEnumerable<string?[]> ReadRecordsAsync(
        ILakeStore store, BatchManifest manifest, IRecordFormat format,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var part in manifest.Parts)
        {
            await using var content = await OpenPartAsync(store, part, cancellationToken);
            using var gzip = new GZipStream(content, CompressionMode.Decompress);
            using var text = new StreamReader(gzip, Encoding.UTF8);
            foreach (var record in format.Read(text, manifest.Columns))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return record;
            }
        }
    }

    /// <summary>
    /// One part as stored (compressed), after checking its SHA-256, as a readable stream positioned at its start: the
    /// part is copied into a temporary file (deleted when the stream is disposed) while it is hashed, so it is never
    /// held in memory whole.
    /// </summary>
    /// <exception cref="InvalidDataException">The checksum does not match the manifest.</exception>
    public static async Task<Stream> OpenPartAsync(ILakeStore store, BatchPart part,
        CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"lake-read-{Guid.NewGuid():N}.tmp"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var stream = await store.OpenReadAsync(part.Path, cancellationToken))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            var hex = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (hex != part.Sha256)
                throw new InvalidDataException(
                    $"Lake part '{part.Path}' has SHA-256 {hex}, the manifest says {part.Sha256}.");
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>The bytes of one part as stored (compressed), after checking its SHA-256.</summary>
    /// <exception cref="InvalidDataException">The checksum does not match the manifest.</exception>
    public static async Task<byte[]> ReadPartAsync(ILakeStore store, BatchPart part,
        CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(part.Path, cancellationToken);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (sha != part.Sha256)
            throw new InvalidDataException(
                $"Lake part '{part.Path}' has SHA-256 {sha}, the manifest says {part.Sha256}.");
        return bytes;
    }
}
