using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>
/// Configuration section <c>Sources:Files:Sftp</c>: the SFTP server of the drop, used when
/// <c>Sources:Files:Transport</c> is <c>Sftp</c> (then Host, Username, PrivateKeyFile and KnownHostsFile or
/// HostKeyFingerprint are required, and the files must exist; see <see cref="FilesOptions"/>). Authentication is by
/// key only; the server's host key must be pinned beforehand (<see cref="KnownHostsFile"/>,
/// <see cref="HostKeyFingerprint"/>). Read by <see cref="Sftp.SftpFileStore"/> (SSH.NET).
/// </summary>
public sealed class SftpOptions
{
    /// <summary><c>Sources:Files:Sftp:Host</c>: the server's name or address.</summary>
    [RegularExpression(@"^[A-Za-z0-9._:\[\]-]*$",
        ErrorMessage = "The host may hold only letters, digits and . _ : - [ ].")]
    public string Host { get; set; } = "";

    /// <summary><c>Sources:Files:Sftp:Port</c>: the server's SSH port, 1 to 65535. Default 22.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 22;

    /// <summary><c>Sources:Files:Sftp:Username</c>: the account to log in as.</summary>
    [RegularExpression(@"^[A-Za-z0-9._@-]*$",
        ErrorMessage = "The user name may hold only letters, digits and . _ @ -.")]
    public string Username { get; set; } = "";

    /// <summary>
    /// <c>Sources:Files:Sftp:PrivateKeyFile</c>: path of the private key (OpenSSH, PEM or PuTTY format; RSA, ECDSA or
    /// Ed25519; without passphrase) whose public half is authorized on the server. The only login method offered:
    /// never a password. Only the path is ever logged.
    /// </summary>
    public string PrivateKeyFile { get; set; } = "";

    /// <summary>
    /// <c>Sources:Files:Sftp:KnownHostsFile</c>: an OpenSSH known_hosts file holding the server's host key (for a port
    /// other than 22 the entry is written <c>[host]:port</c>; hashed entries from <c>ssh-keyscan -H</c> work). The only
    /// host keys trusted: the user's and the system's known_hosts files are not read, and an unknown, changed or
    /// <c>@revoked</c> key fails the extraction. This or <see cref="HostKeyFingerprint"/> is required.
    /// </summary>
    public string KnownHostsFile { get; set; } = "";

    /// <summary>
    /// <c>Sources:Files:Sftp:HostKeyFingerprint</c>: the SHA-256 fingerprint of the server's host key as
    /// <c>ssh-keygen -lf</c> prints it (<c>SHA256:</c> + 43 base64 characters; the prefix and <c>=</c> padding are
    /// optional). It must be the fingerprint of the key type the server presents to SSH.NET (Ed25519 on a default
    /// OpenSSH server). This or <see cref="KnownHostsFile"/> is required; when both are set the key must match both.
    /// </summary>
    public string HostKeyFingerprint { get; set; } = "";

    /// <summary><c>Sources:Files:Sftp:RemoteDirectory</c>: the directory on the server whose top level is read. Default
    /// <c>.</c> (the login directory).</summary>
    [Required]
    public string RemoteDirectory { get; set; } = ".";

    /// <summary>
    /// <c>Sources:Files:Sftp:ConnectTimeoutSeconds</c>: how long the TCP connection and the SSH handshake (key exchange
    /// and login) may take, 1 to 300 seconds. Default 15.
    /// </summary>
    [Range(1, 300)]
    public int ConnectTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// <c>Sources:Files:Sftp:IdleConnections</c>: logged-in SSH connections kept open between extractions for the next
    /// one to reuse, 0 to 16 (0: a new connection per extraction). Default 4. Saves the TCP connect, key exchange and
    /// login (a few hundred milliseconds of CPU) per stream and run; a kept connection is dropped after
    /// <see cref="IdleSeconds"/> unused or after any failure on it.
    /// </summary>
    [Range(0, 16)]
    public int IdleConnections { get; set; } = 4;

    /// <summary>
    /// <c>Sources:Files:Sftp:IdleSeconds</c>: how long a kept connection may wait unused before it is closed instead
    /// of reused, 1 to 3600 seconds. Default 300.
    /// </summary>
    [Range(1, 3600)]
    public int IdleSeconds { get; set; } = 300;
}
