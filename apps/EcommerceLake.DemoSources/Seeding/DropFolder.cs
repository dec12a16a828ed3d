using System.IO.Enumeration;

namespace EcommerceLake.DemoSources.Seeding;

/// <summary>
/// Writes files into the drop directory the way an upload should land: into a hidden <c>.partial</c> name first,
/// then renamed, so a reader matching <c>*.csv</c> never sees half a file.
/// </summary>
internal static class DropFolder
{
    /// <summary>Copies <paramref name="content"/> to <c>directory/fileName</c> (replacing an existing file).</summary>
    /// <returns>Bytes written.</returns>
    public static async Task<long> WriteAsync(Stream content, string directory, string fileName,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var partial = Path.Combine(directory, $".{fileName}.partial");
        long length;
        await using (var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await content.CopyToAsync(target, cancellationToken);
            length = target.Length;
        }
        File.Move(partial, Path.Combine(directory, fileName), overwrite: true);
        return length;
    }

    /// <summary>
    /// Writes <paramref name="content"/> as <paramref name="fileName"/> unless a file of that name already holds
    /// exactly these bytes, and makes its modification time later than every other file matching
    /// <paramref name="glob"/>, so a reader that orders files by modification time takes it last.
    /// </summary>
    /// <returns>True when the file was written.</returns>
    public static async Task<bool> WriteNewAsync(byte[] content, string directory, string fileName, string glob,
        CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, fileName);
        if (File.Exists(path) && (await File.ReadAllBytesAsync(path, cancellationToken)).AsSpan()
            .SequenceEqual(content))
            return false;
        await WriteAsync(new MemoryStream(content, writable: false), directory, fileName, cancellationToken);

        var latestOther = Directory.EnumerateFiles(directory)
            .Where(f => Path.GetFileName(f) != fileName
                && FileSystemName.MatchesSimpleExpression(glob, Path.GetFileName(f), ignoreCase: false))
            .Select(File.GetLastWriteTimeUtc)
            .DefaultIfEmpty(DateTime.MinValue)
            .Max();
        if (File.GetLastWriteTimeUtc(path) <= latestOther)
            File.SetLastWriteTimeUtc(path, latestOther.AddSeconds(1));
        return true;
    }
}
