using System.Net.Sockets;
using Renci.SshNet.Common;

namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>
/// Turns what SSH.NET throws into a <see cref="SourceUnavailableException"/> whose message says what failed and names
/// the configuration key to look at. The private key's content is never part of a message.
/// </summary>
internal static class SshFailure
{
    private static string Key => $"{FilesOptions.Section}:Sftp";

    /// <summary>True for the exceptions SSH.NET raises for network, protocol and server-side failures.</summary>
    public static bool IsSsh(Exception ex) => ex is SshException or SocketException or ProxyException or IOException;

    /// <summary>The failure of connecting and logging in to <paramref name="options"/>'s server.</summary>
    /// <param name="options">The server's configuration, named in the message.</param>
    /// <param name="ex">What SSH.NET threw.</param>
    /// <param name="rejectedHostKey">Why the host key was refused, if it was (SftpHostKeyCheck.Verify).</param>
    public static SourceUnavailableException Connecting(SftpOptions options, Exception ex, string? rejectedHostKey)
    {
        var endpoint = $"{options.Username}@{options.Host}:{options.Port}";
        var message = rejectedHostKey ?? ex switch
        {
            SshAuthenticationException => $"The SFTP server {endpoint} refused the key '{options.PrivateKeyFile}' "
                + $"({Key}:PrivateKeyFile) for user '{options.Username}' ({Key}:Username): its public key is not "
                + $"authorized for that account. ({ex.Message})",
            SocketException => $"The SFTP server {endpoint} cannot be reached ({Key}:Host, {Key}:Port): {ex.Message}.",
            SshOperationTimeoutException => $"The SFTP server {endpoint} did not complete the SSH handshake within "
                + $"{options.ConnectTimeoutSeconds} s ({Key}:ConnectTimeoutSeconds): {ex.Message}",
            SshConnectionException => $"The SSH connection to {endpoint} could not be set up: {ex.Message}",
            _ => $"The SFTP session with {endpoint} could not be opened: {ex.Message}",
        };
        return new SourceUnavailableException(message, ex);
    }

    /// <summary>The private key file could not be loaded by SSH.NET's <c>PrivateKeyFile</c>.</summary>
    public static SourceUnavailableException LoadingKey(SftpOptions options, Exception ex) => new(
        $"The private key '{options.PrivateKeyFile}' ({Key}:PrivateKeyFile) cannot be loaded: {ex.Message}. It must be "
        + "an OpenSSH, PEM or PuTTY private key (RSA, ECDSA or Ed25519) without passphrase.", ex);

    /// <summary>The failure of <paramref name="what"/> on an open session (lost connection, timeout, refusal).
    /// </summary>
    public static SourceUnavailableException During(string what, Exception ex) => new(ex switch
    {
        SftpPathNotFoundException => $"{what}: No such file or directory ({ex.Message}).",
        SftpPermissionDeniedException => $"{what}: permission denied ({ex.Message}).",
        SshOperationTimeoutException => $"{what}: the server did not answer in time ({ex.Message}).",
        SshConnectionException => $"{what}: the SSH connection was lost ({ex.Message}).",
        _ => $"{what}: {ex.Message}",
    }, ex);
}
