namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>
/// Port of the place partners drop files in: one flat directory, local (<see cref="LocalFileStore"/>) or on an SFTP
/// server (<see cref="Sftp.SftpFileStore"/>). The files connector opens one session per extraction.
/// </summary>
public interface IFileStore
{
    /// <summary>Where the files are, for logs and messages (a path or <c>sftp://user@host:port/dir</c>; never a
    /// secret).</summary>
    string Location { get; }

    /// <summary>Opens a session on the drop.</summary>
    /// <exception cref="SourceUnavailableException">The drop cannot be reached (missing directory, refused connection,
    /// unknown or changed host key, rejected key).</exception>
    Task<IFileStoreSession> OpenAsync(CancellationToken cancellationToken);
}
