using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>
/// Configuration section <c>Sources:Files:Sftp</c>: the SFTP server of the drop, used when
/// <c>Sources:Files:Transport</c> is <c>Sftp</c> (then Host, Username, PrivateKeyFile and KnownHostsFile are required,
/// and both files must exist; see <see cref="FilesOptions"/>). Authentication is by key only; the server's host key
/// must already be in <see cref="KnownHostsFile"/>.
/// </summary>
public sealed class SftpOptions
{
    /// <summary><c>Sources:Files:Sftp:Host</c>: the server's name or address.</summary>
    [RegularExpression(@"^[A-Za-z0-9._:\[\]-]*$", ErrorMessage = "The host may hold only letters, digits and . _ : - [ ].")]
    public string Host { get; set; } = "";

    /// <summary><c>Sources:Files:Sftp:Port</c>: the server's SSH port, 1 to 65535. Default 22.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 22;

    /// <summary><c>Sources:Files:Sftp:Username</c>: the account to log in as.</summary>
    [RegularExpression(@"^[A-Za-z0-9._@-]*$", ErrorMessage = "The user name may hold only letters, digits and . _ @ -.")]
    public string Username { get; set; } = "";

    /// <summary>
    /// <c>Sources:Files:Sftp:PrivateKeyFile</c>: path of the OpenSSH private key (without passphrase; mode 0600, as
    /// <c>ssh</c> demands) whose public half is authorized on the server. Only the path is ever logged.
    /// </summary>
    public string PrivateKeyFile { get; set; } = "";

    /// <summary>
    /// <c>Sources:Files:Sftp:KnownHostsFile</c>: an OpenSSH known_hosts file holding the server's host key (for a port
    /// other than 22 the entry is written <c>[host]:port</c>). The only host keys trusted: the user's and the system's
    /// known_hosts files are not read, and an unknown or changed key fails the extraction.
    /// </summary>
    public string KnownHostsFile { get; set; } = "";

    /// <summary><c>Sources:Files:Sftp:RemoteDirectory</c>: the directory on the server whose top level is read. Default <c>.</c> (the login directory).</summary>
    [Required]
    public string RemoteDirectory { get; set; } = ".";

    /// <summary><c>Sources:Files:Sftp:SshCommand</c>: the OpenSSH client to run. Default <c>ssh</c> (found on PATH).</summary>
    [Required]
    public string SshCommand { get; set; } = "ssh";

    /// <summary><c>Sources:Files:Sftp:ConnectTimeoutSeconds</c>: how long <c>ssh</c> waits for the TCP connection, 1 to 300. Default 15.</summary>
    [Range(1, 300)]
    public int ConnectTimeoutSeconds { get; set; } = 15;
}
