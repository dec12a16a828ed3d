namespace EcommerceLake.Lake;

/// <summary>
/// Port to the lake's object store. Paths are '/'-separated and relative to the lake root
/// (<c>land/{source}/{stream}/{run}/part-00000.ndjson.gz</c>). Adapters: <see cref="LocalLakeStore"/> (a directory)
/// and, in production, Cloud Storage.
/// </summary>
public interface ILakeStore
{
    /// <summary>Writes a new object from <paramref name="content"/>, visible only once complete.</summary>
    /// <exception cref="LakeObjectExistsException">An object already exists at <paramref name="path"/> (finished objects are never overwritten).</exception>
    Task PutAsync(string path, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens an object for reading.</summary>
    /// <exception cref="FileNotFoundException">No object at <paramref name="path"/>.</exception>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>True when an object exists at <paramref name="path"/>.</summary>
    Task<bool> ExistsAsync(string path, CancellationToken cancellationToken);

    /// <summary>Deletes every object under <paramref name="prefix"/> (used to discard an unfinished batch); missing objects are ignored.</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>A display form of <paramref name="path"/> (<c>file:///…</c>, <c>gs://…</c>) for logs and tables.</summary>
    string Describe(string path);
}

/// <summary>Thrown when a writer would overwrite a finished lake object.</summary>
public sealed class LakeObjectExistsException(string path)
    : IOException($"Lake object '{path}' already exists; finished objects are never overwritten.")
{
    /// <summary>The path that already exists.</summary>
    public string Path { get; } = path;
}
