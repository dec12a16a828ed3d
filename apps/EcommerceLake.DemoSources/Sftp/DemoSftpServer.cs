using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EcommerceLake.DemoSources.Sftp;

/// <summary>
/// A private OpenSSH server (Debian's openssh-server, <c>/usr/sbin/sshd -D -e -f {config}</c>) on 127.0.0.1 and a
/// free high port, serving SFTP only (<c>ForceCommand internal-sftp</c>) to the current OS user with key
/// authentication: the demo's partner drop, and the tests' SFTP server. <see cref="StartAsync"/> generates an
/// ed25519 host key and user key with <c>ssh-keygen</c> into <see cref="Directory"/>, writes authorized_keys,
/// a known_hosts file holding the host key (<c>[127.0.0.1]:port</c>) and its own sshd_config (no passwords, no
/// PAM, <c>StrictModes no</c>, PidFile in the directory), starts sshd, and returns once the port accepts
/// connections. Dispose kills it. As root, creates sshd's privilege separation directory <c>/run/sshd</c> when missing.
/// </summary>
public sealed class DemoSftpServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private DemoSftpServer(Process process, StringBuilder output, string directory, int port, string username)
    {
        _process = process;
        _output = output;
        Directory = directory;
        Port = port;
        Username = username;
    }

    /// <summary>The address sshd listens on: 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The port sshd listens on.</summary>
    public int Port { get; }

    /// <summary>The account clients log in as: the current OS user.</summary>
    public string Username { get; }

    /// <summary>The directory holding the keys, known_hosts, authorized_keys, sshd_config and pid file.</summary>
    public string Directory { get; }

    /// <summary>The client's private key (ed25519, no passphrase, mode 0600), authorized for
    /// <see cref="Username"/>.</summary>
    public string PrivateKeyFile => Path.Combine(Directory, "user_key");

    /// <summary>A known_hosts file holding exactly this server's host key.</summary>
    public string KnownHostsFile => Path.Combine(Directory, "known_hosts");

    /// <summary>The server's host public key file.</summary>
    public string HostPublicKeyFile => Path.Combine(Directory, "host_key.pub");

    /// <summary>
    /// The SHA-256 fingerprint of the host key as <c>ssh-keygen -lf</c> prints it (<c>SHA256:</c> + unpadded base64),
    /// the value <c>Sources:Files:Sftp:HostKeyFingerprint</c> pins.
    /// </summary>
    public string HostKeyFingerprint => Fingerprint(File.ReadAllText(HostPublicKeyFile));

    /// <summary>The <c>sftp://user@host:port</c> endpoint, for progress messages.</summary>
    public string Endpoint => $"sftp://{Username}@{Host}:{Port}";

    /// <summary>What sshd printed so far (it logs to stderr with <c>-e</c>).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts a server whose files live in <paramref name="directory"/> (created when missing).</summary>
    /// <param name="directory">Where keys and configuration are written; any existing ones are replaced.</param>
    /// <param name="sshdPath">The OpenSSH server binary.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="InvalidOperationException">ssh-keygen or sshd is missing or failed (the message holds their
    /// output).</exception>
    public static async Task<DemoSftpServer> StartAsync(string directory, string sshdPath = "/usr/sbin/sshd",
        CancellationToken cancellationToken = default)
    {
        if (!File.Exists(sshdPath))
            throw new InvalidOperationException($"{sshdPath} is missing: install Debian's openssh-server package " +
                "(scripts/ensure-packages.sh openssh-server openssh-client).");
        directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(directory);
        var hostKey = Path.Combine(directory, "host_key");
        var userKey = Path.Combine(directory, "user_key");
        await GenerateKeyAsync(hostKey, "demo-sftp-host", cancellationToken);
        await GenerateKeyAsync(userKey, "demo-sftp-user", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "authorized_keys"),
            await File.ReadAllTextAsync(userKey + ".pub", cancellationToken), cancellationToken);
        if (Environment.UserName == "root" || Environment.IsPrivilegedProcess)
            System.IO.Directory.CreateDirectory("/run/sshd");

        var username = Environment.UserName;
        InvalidOperationException? lastFailure = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreePort();
            var config = Path.Combine(directory, "sshd_config");
            await File.WriteAllTextAsync(config, Config(directory, hostKey, port, username), cancellationToken);
            var server = Launch(sshdPath, config, directory, port, username);
            try
            {
                await server.WaitUntilListeningAsync(cancellationToken);
                await server.WriteKnownHostsAsync(server.KnownHostsFile,
                    await File.ReadAllTextAsync(hostKey + ".pub", cancellationToken), cancellationToken);
                return server;
            }
            catch (InvalidOperationException ex)
            {
                lastFailure = ex;
                await server.DisposeAsync();
                if (!ex.Message.Contains("Address already in use", StringComparison.Ordinal)) break;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
        throw lastFailure!;
    }

    /// <summary>Writes <paramref name="path"/> as a known_hosts file giving this server the key
    /// <paramref name="publicKeyLine"/> (<c>type base64 [comment]</c>).</summary>
    public Task WriteKnownHostsAsync(string path, string publicKeyLine, CancellationToken cancellationToken = default)
    {
        var parts = publicKeyLine.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return File.WriteAllTextAsync(path, $"[{Host}]:{Port} {parts[0]} {parts[1]}\n", cancellationToken);
    }

    /// <summary>
    /// The OpenSSH SHA-256 fingerprint of <paramref name="publicKeyLine"/> (<c>type base64 [comment]</c>):
    /// <c>SHA256:</c> + the unpadded base64 of the SHA-256 digest of the decoded key blob (RFC 4253 section 6.6).
    /// </summary>
    /// <exception cref="FormatException">The line holds no base64 key blob.</exception>
    public static string Fingerprint(string publicKeyLine)
    {
        var parts = publicKeyLine.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) throw new FormatException("A public key line is 'type base64 [comment]'.");
        var digest = System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(parts[1]));
        return "SHA256:" + Convert.ToBase64String(digest).TrimEnd('=');
    }

    /// <summary>Generates an ed25519 key pair without passphrase at <paramref name="path"/> and <c>{path}.pub</c>,
    /// replacing existing ones.</summary>
    /// <exception cref="InvalidOperationException">ssh-keygen failed or is missing.</exception>
    public static async Task GenerateKeyAsync(string path, string comment,
        CancellationToken cancellationToken = default)
    {
        File.Delete(path);
        File.Delete(path + ".pub");
        var start = new ProcessStartInfo("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false };
        foreach (var a in new[] { "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path }) start.ArgumentList.Add(
            a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("ssh-keygen is missing: install Debian's openssh-client package.", ex);
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0) throw new InvalidOperationException(
                $"ssh-keygen -f {path} failed: {await error}");
        }
    }

    /// <summary>Kills sshd (and the sessions it forked) and waits for it to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static DemoSftpServer Launch(string sshdPath, string config, string directory, int port, string username)
    {
        var start = new ProcessStartInfo(sshdPath) { RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false };
        foreach (var a in new[] { "-D", "-e", "-f", config }) start.ArgumentList.Add(a);
        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{sshdPath} could not be started.");
        var server = new DemoSftpServer(process, output, directory, port, username);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(CancellationToken.None);
                throw new InvalidOperationException(
                    $"sshd exited with code {_process.ExitCode} before listening on {Host}:{Port}: {Output}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet: try again shortly, unless sshd exited.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"sshd did not listen on {Host}:{Port} within 30 s: {Output}");
            }
            await PauseAsync(timeout.Token);
        }
    }

    private async Task PauseAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAny(_process.WaitForExitAsync(cancellationToken), Task.Delay(50, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Config(string directory, string hostKey, int port, string username) => string.Join('\n',
    [
        "ListenAddress 127.0.0.1",
        "Port " + port.ToString(CultureInfo.InvariantCulture),
        "HostKey " + hostKey,
        "PidFile " + Path.Combine(directory, "sshd.pid"),
        "AuthorizedKeysFile " + Path.Combine(directory, "authorized_keys"),
        "AllowUsers " + username,
        "AuthenticationMethods publickey",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PermitRootLogin prohibit-password",
        "UsePAM no",
        "StrictModes no",
        "UseDNS no",
        "PrintMotd no",
        "AllowTcpForwarding no",
        "AllowAgentForwarding no",
        "X11Forwarding no",
        "PermitTTY no",
        "Subsystem sftp internal-sftp",
        "ForceCommand internal-sftp",
        "",
    ]);
}
