using System.IO.Compression;
using EcommerceLake.Testing;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

/// <summary>The real Olist CSVs of the repository (<c>data/olist/*.csv.gz</c>).</summary>
public static class OlistData
{
    /// <summary>The <c>data/olist</c> directory, found by walking up from the test binaries.</summary>
    public static string Directory { get; } = RepositoryRoot.Combine("data", "olist");

    /// <summary>Opens <paramref name="gzName"/> decompressed.</summary>
    public static Stream Open(string gzName) =>
        new GZipStream(File.OpenRead(Path.Combine(Directory, gzName)), CompressionMode.Decompress);

    /// <summary>
    /// Decompresses <paramref name="gzName"/> into <paramref name="targetDirectory"/> as <paramref name="targetName"/>
    /// (default: without <c>.gz</c>).
    /// </summary>
    public static async Task<string> DecompressAsync(string gzName, string targetDirectory, string? targetName = null)
    {
        var target = Path.Combine(targetDirectory, targetName ?? gzName[..^3]);
        await using var source = Open(gzName);
        await using var file = File.Create(target);
        await source.CopyToAsync(file);
        return target;
    }
}
