using EcommerceLake.Streams.Offsets;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>One session on a drop (<see cref="IFileStore"/>): listings and reads; disposing it ends the
/// connection.</summary>
public interface IFileStoreSession : IAsyncDisposable
{
    /// <summary>
    /// The regular files at the top of the drop, each with its name, size in bytes and modification time at the
    /// precision the store gives (100 ns ticks locally; whole seconds over SFTP v3).
    /// </summary>
    /// <exception cref="SourceUnavailableException">The directory cannot be listed.</exception>
    Task<IReadOnlyList<FileStamp>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Opens <paramref name="name"/> (a name from <see cref="ListAsync"/>) for reading its bytes from the
    /// start.</summary>
    /// <exception cref="FileNotFoundException">The file disappeared since the listing.</exception>
    /// <exception cref="SourceUnavailableException">The file cannot be read.</exception>
    Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken);
}
