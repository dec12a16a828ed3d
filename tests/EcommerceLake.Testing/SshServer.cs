using EcommerceLake.DemoSources.Sftp;
using Xunit;

namespace EcommerceLake.Testing;

/// <summary>
/// A real OpenSSH server on a loopback port for one test class (use as <c>IClassFixture</c>): the demo's
/// <see cref="DemoSftpServer"/> (sshd with generated host and user keys, SFTP only, the current user) in a temporary
/// directory, with an empty <see cref="DropDirectory"/> it serves. Killed and deleted on dispose.
/// </summary>
public sealed class SshServer : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("lake-sshd");
    private DemoSftpServer? _server;

    /// <summary>The running server.</summary>
    public DemoSftpServer Server => _server ?? throw new InvalidOperationException("The SSH server is not started.");

    /// <summary>A directory of this machine, reached over SFTP by its absolute path.</summary>
    public string DropDirectory => Path.Combine(_directory.Path, "drop");

    /// <summary>A scratch directory for extra keys and known_hosts files.</summary>
    public string ScratchDirectory => Path.Combine(_directory.Path, "scratch");

    /// <summary>Configuration of the files source over SFTP to <paramref name="remoteDirectory"/> (default <see cref="DropDirectory"/>).</summary>
    public Dictionary<string, string?> FilesSettings(string? remoteDirectory = null) => new()
    {
        ["Sources:Files:Transport"] = "Sftp",
        ["Sources:Files:Sftp:Host"] = Server.Host,
        ["Sources:Files:Sftp:Port"] = Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sources:Files:Sftp:Username"] = Server.Username,
        ["Sources:Files:Sftp:PrivateKeyFile"] = Server.PrivateKeyFile,
        ["Sources:Files:Sftp:KnownHostsFile"] = Server.KnownHostsFile,
        ["Sources:Files:Sftp:RemoteDirectory"] = remoteDirectory ?? DropDirectory,
    };

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DropDirectory);
        Directory.CreateDirectory(ScratchDirectory);
        _server = await DemoSftpServer.StartAsync(Path.Combine(_directory.Path, "sshd"));
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _directory.Dispose();
    }
}
