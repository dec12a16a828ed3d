namespace EcommerceLake.Lake;

/// <summary>
/// Port to the lake's object store. Paths are '/'-separated and relative to the lake root
/// (<c>land/{source}/{stream}/{run}/part-00000.ndjson.gz</c>). Adapters: <see cref="LocalLakeStore"/> (a directory)
/// and, in production, Cloud Storage.
/// </summary>
public interface ILakeStore
{
    /// <summary>
    /// Writes a new object from <paramref name="content"/>, visible only once complete: an atomic "create if absent".
    /// When several writers put the same path at once, exactly one succeeds and every other gets
    /// <see cref="LakeObjectExistsException"/>, and a reader sees the winner's bytes in full or no object at all
    /// (the local store moves a temporary file into place without overwrite; Cloud Storage uploads with
    /// <c>ifGenerationMatch=0</c>). <see cref="LakeBatchWriter"/> makes a batch's manifest its commit point this way.
    /// </summary>
    /// <exception cref="LakeObjectExistsException">An object already exists at <paramref name="path"/> (finished
    /// objects are never overwritten), or a concurrent writer created it first.</exception>
    Task PutAsync(string path, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens an object for reading.</summary>
    /// <exception cref="FileNotFoundException">No object at <paramref name="path"/>.</exception>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>True when an object exists at <paramref name="path"/>.</summary>
    Task<bool> ExistsAsync(string path, CancellationToken cancellationToken);

    /// <summary>Deletes every object under <paramref name="prefix"/> (used to discard an unfinished batch); missing
    /// objects are ignored.</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>A display form of <paramref name="path"/> (<c>file:///…</c>, <c>gs://…</c>) for logs and
    /// tables.</summary>
    string Describe(string path);
}

/// <summary>A lake store that can list its objects (both adapters can; used to clear abandoned batch
/// attempts).</summary>
public interface IListableLakeStore
{
    /// <summary>
    /// The lake paths of every object whose path starts with <paramref name="prefix"/> (plain text prefix, e.g.
    /// <c>raw/t/ingest_date=2024-05-01/r1/_attempts/</c>), in ordinal order; none when nothing matches.
    /// </summary>
    Task<IReadOnlyList<string>> ListPathsAsync(string prefix, CancellationToken cancellationToken);
}

/// <summary>Thrown when a writer would overwrite a finished lake object.</summary>
public sealed class LakeObjectExistsException(string path)
    : IOException($"Lake object '{path}' already exists; finished objects are never overwritten.")
{
    /// <summary>The path that already exists.</summary>
    public string Path { get; } = path;
}
