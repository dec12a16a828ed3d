namespace EcommerceLake.Streams.Offsets;

/// <summary>What identifies one version of a dropped file: its name (in the drop directory), size and last write
/// time.</summary>
/// <param name="Name">File name, without directory.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ModifiedUtc">Last write time (UTC), at the precision of the store: 100 ns locally, whole seconds over
/// SFTP v3.</param>
public sealed record FileStamp(string Name, long Size, DateTime ModifiedUtc)
{
    /// <summary>The stamp of <paramref name="file"/> as it is now.</summary>
    /// <exception cref="FileNotFoundException">The file no longer exists.</exception>
    public static FileStamp Of(FileInfo file)
    {
        file.Refresh();
        return new FileStamp(file.Name, file.Length, DateTime.SpecifyKind(file.LastWriteTimeUtc, DateTimeKind.Utc));
    }

    /// <summary>The last write time in whole seconds since the Unix epoch.</summary>
    public long ModifiedUnixSeconds => new DateTimeOffset(ModifiedUtc).ToUnixTimeSeconds();
}
