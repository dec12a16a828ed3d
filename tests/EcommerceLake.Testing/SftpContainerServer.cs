using System.Globalization;
using EcommerceLake.DemoSources.Sftp;

namespace EcommerceLake.Testing;

/// <summary>
/// How the tests reach the SFTP server an <see cref="SshServer"/> fixture runs in a container: its address and
/// published port, the account, the client key it authorizes and the host key it presents (both generated on this
/// machine with <c>ssh-keygen</c>, ed25519), and a known_hosts file holding that host key for
/// <c>[Host]:Port</c>.
/// </summary>
public sealed class SftpContainerServer
{
    internal SftpContainerServer(string directory, string host, int port, string username)
    {
        Directory = directory;
        Host = host;
        Port = port;
        Username = username;
    }

    /// <summary>The address the port is published on (127.0.0.1, see <see cref="ServiceContainers.Host"/>).</summary>
    public string Host { get; }

    /// <summary>The published port of the container's port 22.</summary>
    public int Port { get; }

    /// <summary>The account clients log in as.</summary>
    public string Username { get; }

    /// <summary>The directory of this machine holding the keys and known_hosts.</summary>
    public string Directory { get; }

    /// <summary>The client's private key (ed25519, no passphrase), authorized for <see cref="Username"/>.</summary>
    public string PrivateKeyFile => Path.Combine(Directory, "user_key");

    /// <summary>A known_hosts file holding exactly this server's host key.</summary>
    public string KnownHostsFile => Path.Combine(Directory, "known_hosts");

    /// <summary>The server's host public key file.</summary>
    public string HostPublicKeyFile => Path.Combine(Directory, "host_key.pub");

    /// <summary>The SHA-256 fingerprint of the host key as <c>ssh-keygen -lf</c> prints it (<c>SHA256:</c> +
    /// unpadded base64).</summary>
    public string HostKeyFingerprint => DemoSftpServer.Fingerprint(File.ReadAllText(HostPublicKeyFile));

    /// <summary>The <c>sftp://user@host:port</c> endpoint.</summary>
    public string Endpoint => $"sftp://{Username}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Writes <paramref name="path"/> as a known_hosts file giving this server the key
    /// <paramref name="publicKeyLine"/> (<c>type base64 [comment]</c>).</summary>
    public Task WriteKnownHostsAsync(string path, string publicKeyLine, CancellationToken cancellationToken = default)
    {
        var parts = publicKeyLine.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return File.WriteAllTextAsync(path,
            $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)} {parts[0]} {parts[1]}\n", cancellationToken);
    }
}
