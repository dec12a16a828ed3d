using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using EcommerceLake.DemoSources.Sftp;
using Xunit;

namespace EcommerceLake.Testing;

/// <summary>
/// A real OpenSSH SFTP server for one test class (use as <c>IClassFixture</c>): a Testcontainers container of
/// <see cref="ServiceContainers.SftpImage"/> (the atmoz/sftp contract: user <c>lake</c> chrooted to /home/lake,
/// port 22 published on a free port of 127.0.0.1), with host and client keys generated here, serving the empty
/// <see cref="DropDirectory"/> of this machine, bind-mounted read-only at the same absolute path inside the chroot so
/// that a remote path equals the local one. Removed with the fixture.
/// </summary>
public sealed class SshServer : IAsyncLifetime
{
    private const string User = "lake";
    private readonly TempDirectory _directory = new("lake-sshd");
    private SftpContainerServer? _server;
    private IContainer? _container;

    /// <summary>The running server.</summary>
    /// <exception cref="InvalidOperationException">The fixture is not initialized.</exception>
    public SftpContainerServer Server =>
        _server ?? throw new InvalidOperationException("The SSH server is not started.");

    /// <summary>A directory of this machine, reached over SFTP by its absolute path.</summary>
    public string DropDirectory => Path.Combine(_directory.Path, "drop");

    /// <summary>A scratch directory for extra keys and known_hosts files.</summary>
    public string ScratchDirectory => Path.Combine(_directory.Path, "scratch");

    /// <summary>Configuration of the files source over SFTP to <paramref name="remoteDirectory"/> (default
    /// <see cref="DropDirectory"/>).</summary>
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
        var keys = Directory.CreateDirectory(Path.Combine(_directory.Path, "sshd")).FullName;
        await DemoSftpServer.GenerateKeyAsync(Path.Combine(keys, "host_key"), "lake-test-sftp-host");
        await DemoSftpServer.GenerateKeyAsync(Path.Combine(keys, "user_key"), "lake-test-sftp-user");
        var hostKey = await File.ReadAllBytesAsync(Path.Combine(keys, "host_key"));
        var userKey = await File.ReadAllBytesAsync(Path.Combine(keys, "user_key.pub"));
        const UnixFileModes ownerOnly = UnixFileModes.UserRead | UnixFileModes.UserWrite;
        const UnixFileModes readable = ownerOnly | UnixFileModes.GroupRead | UnixFileModes.OtherRead;

        _container = await ServiceContainers.StartAsync(() => new ContainerBuilder(ServiceContainers.SftpImage)
            .WithCommand($"{User}::1001")
            .WithResourceMapping(hostKey, "/etc/ssh/ssh_host_ed25519_key", fileMode: ownerOnly)
            .WithResourceMapping(userKey, $"/home/{User}/.ssh/keys/lake-test.pub", fileMode: readable)
            .WithBindMount(DropDirectory, $"/home/{User}{DropDirectory}", AccessMode.ReadOnly)
            .WithPortBinding(22, true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("Server listening on"))
            .WithLabel(ServiceContainers.RunLabel, ServiceContainers.RunId)
            .WithCreateParameterModifier(ServiceContainers.OnLoopback)
            .Build(), "SFTP", ServiceContainers.SftpImageVariable, shared: false);

        _server = new SftpContainerServer(keys, ServiceContainers.Host, _container.GetMappedPublicPort(22), User);
        await _server.WriteKnownHostsAsync(
            _server.KnownHostsFile, await File.ReadAllTextAsync(_server.HostPublicKeyFile));
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync();
        _directory.Dispose();
    }
}
