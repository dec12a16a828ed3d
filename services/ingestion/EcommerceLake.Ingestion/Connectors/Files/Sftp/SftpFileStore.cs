using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>
/// The drop as a directory on an SFTP server (<c>Sources:Files:Sftp:*</c>).
/// <para>
/// No SSH is implemented here. No managed SSH library (SSH.NET or another) is available to this project, so the
/// connection is OpenSSH's own client: one <c>ssh -s … sftp</c> process per session (Debian's openssh-client),
/// which does the key exchange, encryption, host-key checking and user authentication, and then carries the
/// server's sftp subsystem on its stdin/stdout — exactly what OpenSSH's <c>sftp</c> program does underneath. This
/// class only frames the SFTP version 3 file messages on that pipe (draft-ietf-secsh-filexfer-02: OPENDIR/READDIR
/// to list, OPEN/READ/CLOSE to read; <see cref="SftpChannel"/>).
/// </para>
/// <para>
/// Why not <c>sftp -b</c>: its <c>ls -l</c> prints modification times to the minute (or only the date), too coarse
/// for the ledger, and it has no stat command. Why not <c>ssh host find -printf '%T@'</c>: it needs a login shell and
/// GNU find on the server, which SFTP-only accounts (<c>ForceCommand internal-sftp</c>, chroot) do not give. READDIR
/// works with every SFTP server and returns each file's size and mtime. Limit: SFTP v3 carries mtime as whole Unix
/// seconds (uint32), so two versions of a file with the same size written within one second look the same; the
/// stability check and done-markers (<see cref="FilesOptions"/>) cover files still being written.
/// </para>
/// <para>
/// Security: key authentication only (<c>-i key -o IdentitiesOnly=yes -o PasswordAuthentication=no
/// -o KbdInteractiveAuthentication=no -o BatchMode=yes</c>, no agent); host keys are checked against the configured
/// known_hosts file only (<c>-o StrictHostKeyChecking=yes -o UserKnownHostsFile=… -o GlobalKnownHostsFile=/dev/null</c>,
/// <c>-F none</c> so no user or system ssh_config changes this). An unknown or changed host key ends the session
/// before authentication with a <see cref="SourceUnavailableException"/> saying which, never a prompt. The private
/// key is passed to ssh by path; its content is never read or logged here.
/// </para>
/// </summary>
public sealed class SftpFileStore(IOptions<FilesOptions> options, ILogger<SftpFileStore> logger) : IFileStore
{
    private SftpOptions Sftp => options.Value.Sftp;

    /// <inheritdoc />
    public string Location => $"sftp://{Sftp.Username}@{Sftp.Host}:{Sftp.Port}/{Sftp.RemoteDirectory.TrimStart('/')}";

    /// <inheritdoc />
    public async Task<IFileStoreSession> OpenAsync(CancellationToken cancellationToken)
    {
        var sftp = Sftp;
        var endpoint = $"{sftp.Username}@{sftp.Host}:{sftp.Port}";
        logger.LogDebug("Connecting to {Endpoint} with the key file {KeyFile} and known hosts {KnownHosts}", endpoint, sftp.PrivateKeyFile, sftp.KnownHostsFile);
        var channel = await SftpChannel.OpenAsync(StartInfo(sftp), (stderr, code) => SshFailure.Explain(sftp, endpoint, stderr, code), cancellationToken);
        return new SftpSession(channel, sftp.RemoteDirectory, Location);
    }

    /// <summary>The ssh command line for <paramref name="sftp"/> (arguments passed as a list, no shell).</summary>
    internal static ProcessStartInfo StartInfo(SftpOptions sftp)
    {
        var start = new ProcessStartInfo(sftp.SshCommand)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "-F", "none", "-T", "-x", "-a", "-s",
            "-p", sftp.Port.ToString(CultureInfo.InvariantCulture),
            "-l", sftp.Username,
            "-i", SshPath(sftp.PrivateKeyFile),
            "-o", "IdentitiesOnly=yes",
            "-o", "IdentityAgent=none",
            "-o", "PasswordAuthentication=no",
            "-o", "KbdInteractiveAuthentication=no",
            "-o", "PubkeyAuthentication=yes",
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "UserKnownHostsFile=" + SshPath(sftp.KnownHostsFile),
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "UpdateHostKeys=no",
            "-o", "CheckHostIP=no",
            "-o", "ControlMaster=no",
            "-o", "ControlPath=none",
            "-o", "ConnectTimeout=" + sftp.ConnectTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            "-o", "ServerAliveInterval=15",
            "-o", "ServerAliveCountMax=4",
            "-o", "LogLevel=ERROR",
            "--", sftp.Host, "sftp",
        ];
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    // ssh expands %-tokens and ~ in these paths and splits option values on white space: pass an absolute path, quoted.
    private static string SshPath(string path)
    {
        var full = Path.GetFullPath(path).Replace("%", "%%", StringComparison.Ordinal);
        return full.Any(char.IsWhiteSpace) ? $"\"{full}\"" : full;
    }
}
