using System.IO.Compression;
using System.Text;
using EcommerceLake.Lake;
using EcommerceLake.Streams;

namespace EcommerceLake.Testing;

/// <summary>Reads the Olist CSVs in <c>data/olist</c> (see its ATTRIBUTION.md) as records aligned with a stream spec.</summary>
public static class OlistFiles
{
    /// <summary>The path of <c>data/olist/{name}</c>, found above the test's base directory.</summary>
    public static string File(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "data", "olist", name);
            if (System.IO.File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"data/olist/{name} was not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>The records of <paramref name="file"/>, whose header must be the spec's columns.</summary>
    public static List<string?[]> Read(string file, StreamSpec spec)
    {
        using var gzip = new GZipStream(System.IO.File.OpenRead(File(file)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return new CsvRecordFormat().Read(reader, spec.Columns.Select(c => c.Name).ToList()).ToList();
    }
}
