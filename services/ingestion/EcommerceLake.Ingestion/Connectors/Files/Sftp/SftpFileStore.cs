using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Renci.SshNet;

namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>
/// The drop as a directory on an SFTP server (<c>Sources:Files:Sftp:*</c>), through SSH.NET's <see cref="SftpClient"/>
/// (SSH transport RFC 4253, SFTP version 3 of draft-ietf-secsh-filexfer-02): one SSH connection per session,
/// READDIR listings with each file's size and whole-second modification time, streamed reads.
/// <para>
/// Security: public-key authentication only (<see cref="PrivateKeyConnectionInfo"/> with the key file of
/// <see cref="SftpOptions.PrivateKeyFile"/>; no password or keyboard-interactive method is offered, so nothing can
/// prompt). The host key is checked during key exchange by <see cref="SftpHostKeyCheck"/> against
/// <see cref="SftpOptions.KnownHostsFile"/> and/or <see cref="SftpOptions.HostKeyFingerprint"/>; an unknown, changed
/// or revoked key ends the connection before authentication with a <see cref="SourceUnavailableException"/> naming
/// host, port and the fingerprint seen. The private key's path is logged, never its content.
/// </para>
/// </summary>
public sealed class SftpFileStore(IOptions<FilesOptions> options, ILogger<SftpFileStore> logger) : IFileStore
{
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
            return new SftpSession(client, key, sftp.RemoteDirectory, Location);
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
