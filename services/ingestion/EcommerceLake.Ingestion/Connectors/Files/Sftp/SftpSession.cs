using EcommerceLake.Streams.Offsets;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>
/// A session of <see cref="SftpFileStore"/>: one connected SSH.NET <see cref="SftpClient"/> on one remote directory.
/// Not thread-safe: one caller at a time. Disposing it hands the connection to <c>release</c> with
/// <see cref="Failed"/> (the store keeps a healthy one for reuse and closes the others; see <see cref="Close"/>).
/// </summary>
internal sealed class SftpSession(SftpClient client, IDisposable key, string remoteDirectory, string location,
    Action<SftpSession> release) : IFileStoreSession
{
    /// <summary>The connected client.</summary>
    public SftpClient Client => client;

    /// <summary>True once an SSH or SFTP operation of the session failed: its connection is not reused.</summary>
    public bool Failed { get; private set; }

    /// <summary>
    /// The regular files at the top of the remote directory (SSH_FXP_READDIR; <c>.</c>, <c>..</c>, directories and
    /// links skipped): name, size in bytes, modification time in UTC at whole seconds (SFTP v3 carries it as uint32
    /// Unix seconds).
    /// </summary>
    /// <exception cref="SourceUnavailableException">
    /// The directory is missing or unreadable, or the connection failed.
    /// </exception>
    public async Task<IReadOnlyList<FileStamp>> ListAsync(CancellationToken cancellationToken)
    {
        var files = new List<FileStamp>();
        try
        {
            await foreach (var file in client.ListDirectoryAsync(remoteDirectory, cancellationToken))
            {
                if (file.Name is "." or ".." || !file.IsRegularFile) continue;
                var modified = DateTime.SpecifyKind(file.LastWriteTimeUtc, DateTimeKind.Utc);
                files.Add(new FileStamp(file.Name, file.Length, modified));
            }
        }
        catch (Exception ex) when (SshFailure.IsSsh(ex))
        {
            Failed = true;
            throw SshFailure.During($"The remote directory '{remoteDirectory}' of {location} cannot be listed", ex);
        }
        return files;
    }

    /// <summary>
    /// Opens <paramref name="name"/> (SSH_FXP_OPEN, read only) and returns a forward-only stream of its bytes, fetched
    /// by SSH.NET's <c>SftpFileStream</c> in SSH_FXP_READ requests as it is read; SSH.NET failures while reading
    /// surface as <see cref="IOException"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file disappeared since the listing.</exception>
    /// <exception cref="SourceUnavailableException">The file cannot be opened, or the connection failed.</exception>
    public async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        var path = RemotePath(name);
        try
        {
            var stream = await client.OpenAsync(path, FileMode.Open, FileAccess.Read, cancellationToken);
            return new SftpReadStream(stream, $"{location}/{name}", () => Failed = true);
        }
        catch (SftpPathNotFoundException ex)
        {
            throw new FileNotFoundException($"'{path}' on {location} disappeared.", path, ex);
        }
        catch (Exception ex) when (SshFailure.IsSsh(ex))
        {
            Failed = true;
            throw SshFailure.During($"'{path}' on {location} cannot be opened", ex);
        }
    }

    /// <summary>Ends the session: the store keeps or closes its connection.</summary>
    public ValueTask DisposeAsync()
    {
        release(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Disconnects (SSH_MSG_DISCONNECT when still connected) and releases the client and the key.</summary>
    public void Close()
    {
        try
        {
            if (client.IsConnected) client.Disconnect();
        }
        catch (Exception ex) when (SshFailure.IsSsh(ex) || ex is ObjectDisposedException)
        {
            // The connection is already gone; there is nothing left to close.
        }
        client.Dispose();
        key.Dispose();
    }

    private string RemotePath(string name) => remoteDirectory switch
    {
        "" or "." => name,
        "/" => "/" + name,
        _ => remoteDirectory.TrimEnd('/') + "/" + name,
    };
}
