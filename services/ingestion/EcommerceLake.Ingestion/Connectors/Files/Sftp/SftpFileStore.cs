using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Renci.SshNet;

namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>
/// The drop as a directory on an SFTP server (<c>Sources:Files:Sftp:*</c>), through SSH.NET's <see cref="SftpClient"/>
/// (SSH transport RFC 4253, SFTP version 3 of draft-ietf-secsh-filexfer-02): one SSH connection per session at a time,
/// READDIR listings with each file's size and whole-second modification time, streamed reads.
/// <para>
/// Security: public-key authentication only (<see cref="PrivateKeyConnectionInfo"/> with the key file of
/// <see cref="SftpOptions.PrivateKeyFile"/>; no password or keyboard-interactive method is offered, so nothing can
/// prompt). The host key is checked during key exchange by <see cref="SftpHostKeyCheck"/> against
/// <see cref="SftpOptions.KnownHostsFile"/> and/or <see cref="SftpOptions.HostKeyFingerprint"/>; an unknown, changed
/// or revoked key ends the connection before authentication with a <see cref="SourceUnavailableException"/> naming
/// host, port and the fingerprint seen. The private key's path is logged, never its content.
/// </para>
/// <para>
/// Connections are reused: a session that ended without an SSH or SFTP failure hands its logged-in connection back,
/// and the next <see cref="OpenAsync"/> takes it instead of connecting again (at most
/// <see cref="SftpOptions.IdleConnections"/> kept, each for up to <see cref="SftpOptions.IdleSeconds"/>; one that
/// SSH.NET reports disconnected is closed instead). A reused connection was checked against the pinned host key when
/// it was made. Disposing the store closes the kept connections.
/// </para>
/// </summary>
public sealed class SftpFileStore(IOptions<FilesOptions> options, TimeProvider time, ILogger<SftpFileStore> logger)
    : IFileStore, IDisposable
{
    private readonly ConcurrentQueue<(SftpSession Session, long KeptAt)> _idle = new();
    private volatile bool _disposed;

    /// <summary>How often SSH.NET sends a keep-alive (SSH_MSG_IGNORE, RFC 4253 section 11.2).</summary>
    internal static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    /// <summary>How long an SFTP request may go unanswered before it fails (SSH.NET's OperationTimeout).</summary>
    internal static readonly TimeSpan OperationTimeout = TimeSpan.FromMinutes(2);

    private SftpOptions Sftp => options.Value.Sftp;

    /// <inheritdoc />
    public string Location => $"sftp://{Sftp.Username}@{Sftp.Host}:{Sftp.Port}/{Sftp.RemoteDirectory.TrimStart('/')}";

    /// <inheritdoc />
    /// <exception cref="SourceUnavailableException">
    /// The known_hosts or key file cannot be read, the server cannot be reached, its host key is not the pinned one,
    /// or it refused the key.
    /// </exception>
    public async Task<IFileStoreSession> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var idleLimit = TimeSpan.FromSeconds(Sftp.IdleSeconds);
        while (_idle.TryDequeue(out var kept))
        {
            if (kept.Session.Client.IsConnected && time.GetElapsedTime(kept.KeptAt) < idleLimit)
                return kept.Session;
            kept.Session.Close();
        }
        return await ConnectAsync(cancellationToken);
    }

    /// <summary>Closes the connections kept for reuse.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var kept)) kept.Session.Close();
    }

    private void Release(SftpSession session)
    {
        if (_disposed || session.Failed || !session.Client.IsConnected || _idle.Count >= Sftp.IdleConnections)
        {
            session.Close();
            return;
        }
        _idle.Enqueue((session, time.GetTimestamp()));
        // Disposed meanwhile: make sure nothing stays open.
        if (_disposed) Dispose();
    }

    private async Task<SftpSession> ConnectAsync(CancellationToken cancellationToken)
    {
        var sftp = Sftp;
        logger.LogDebug("Connecting to {User}@{Host}:{Port} with the key file {KeyFile}, known hosts {KnownHosts}, "
            + "fingerprint {Fingerprint}", sftp.Username, sftp.Host, sftp.Port, sftp.PrivateKeyFile,
            sftp.KnownHostsFile, sftp.HostKeyFingerprint);
        var hostKeys = SftpHostKeyCheck.Load(sftp);
        PrivateKeyFile key;
        try
        {
            key = new PrivateKeyFile(sftp.PrivateKeyFile);
        }
        catch (Exception ex) when (SshFailure.IsSsh(ex) || ex is UnauthorizedAccessException or ArgumentException)
        {
            throw SshFailure.LoadingKey(sftp, ex);
        }

        SftpClient? client = null;
        string? rejected = null;
        try
        {
            var connection = new PrivateKeyConnectionInfo(sftp.Host, sftp.Port, sftp.Username, key)
            {
                Timeout = TimeSpan.FromSeconds(sftp.ConnectTimeoutSeconds),
            };
            hostKeys.RestrictAlgorithms(connection.HostKeyAlgorithms);
            client = new SftpClient(connection)
            {
                KeepAliveInterval = KeepAliveInterval,
                OperationTimeout = OperationTimeout,
            };
            client.HostKeyReceived += (_, e) =>
            {
                rejected = hostKeys.Verify(e.HostKey, e.HostKeyName, e.FingerPrintSHA256);
                e.CanTrust = rejected is null;
            };
            await client.ConnectAsync(cancellationToken);
            return new SftpSession(client, key, sftp.RemoteDirectory, Location, Release);
        }
        catch (Exception ex) when (SshFailure.IsSsh(ex) || rejected is not null)
        {
            Dispose(client, key);
            throw SshFailure.Connecting(sftp, ex, rejected);
        }
        catch
        {
            Dispose(client, key);
            throw;
        }
    }

    private static void Dispose(SftpClient? client, PrivateKeyFile key)
    {
        client?.Dispose();
        key.Dispose();
    }
}
