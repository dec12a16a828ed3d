using System.IO.Compression;
using System.Text;
using EcommerceLake.Lake;
using EcommerceLake.Streams;

namespace EcommerceLake.Testing;

/// <summary>Reads the Olist CSVs in <c>data/olist</c> (see its ATTRIBUTION.md) as records aligned with a stream
/// spec.</summary>
public static class OlistFiles
{
    /// <summary>The path of <c>data/olist/{name}</c>, found above the test's base directory.</summary>
    public static string File(string name)
    {
        var path = RepositoryRoot.Combine("data", "olist", name);
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"{path} does not exist.", path);
    }

    /// <summary>Decompresses <c>data/olist/{name}.gz</c> of each of <paramref name="names"/> into
    /// <paramref name="directory"/> (created when missing), as a partner would drop them.</summary>
    /// <returns>The full path of <paramref name="directory"/>.</returns>
    public static async Task<string> DropAsync(string directory, params string[] names)
    {
        var drop = Directory.CreateDirectory(directory).FullName;
        foreach (var name in names)
        {
            await using var input =
                new GZipStream(System.IO.File.OpenRead(File(name + ".gz")), CompressionMode.Decompress);
            await using var output = System.IO.File.Create(Path.Combine(drop, name));
            await input.CopyToAsync(output);
        }
        return drop;
    }

    /// <summary>
    /// The records of <paramref name="file"/> in the spec's column order. Every column of the file must be a spec
    /// column; spec columns the file lacks (the review API's nested arrays, which the CSV does not have) are null.
    /// </summary>
    public static List<string?[]> Read(string file, StreamSpec spec)
    {
        var header = Header(file);
        var unknown = header.Where(h => spec.Columns.All(c => c.Name != h)).ToList();
        if (unknown.Count > 0)
            throw new InvalidDataException(
                $"{file}: columns {string.Join(", ", unknown)} are not columns of {spec.Key}.");
        var indexes = spec.Columns.Select(c => Array.IndexOf(header, c.Name)).ToArray();
        using var gzip = new GZipStream(System.IO.File.OpenRead(File(file)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return new CsvRecordFormat().Read(reader, header)
            .Select(r => indexes.Select(i => i < 0 ? null : r[i]).ToArray())
            .ToList();
    }

    private static string[] Header(string file)
    {
        using var gzip = new GZipStream(System.IO.File.OpenRead(File(file)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return (reader.ReadLine() ?? "").Split(',').Select(h => h.Trim('"')).ToArray();
    }
}
