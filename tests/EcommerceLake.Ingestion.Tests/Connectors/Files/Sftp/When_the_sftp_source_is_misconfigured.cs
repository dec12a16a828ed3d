using EcommerceLake.Ingestion.Connectors.Files;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files.Sftp;

public sealed class When_the_sftp_source_is_misconfigured
{
    [Fact]
    public async Task Should_fail_to_start_naming_each_missing_key()
    {
        var start = () => ConnectorHost.StartAsync(
            new Dictionary<string, string?> { ["Sources:Files:Transport"] = "Sftp" }, b => b.AddFilesConnector());

        var message = (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message;

        message.Should().Contain("Sources:Files:Sftp:Host").And.Contain("Sources:Files:Sftp:Username")
            .And.Contain("Sources:Files:Sftp:PrivateKeyFile").And.Contain("Sources:Files:Sftp:KnownHostsFile")
            .And.Contain("Sources:Files:Sftp:HostKeyFingerprint");
        message.Should().NotContain("Sources:Files:DropDirectory", "the local drop directory is not needed over SFTP");
    }

    [Fact]
    public async Task Should_fail_to_start_when_the_key_file_does_not_exist()
    {
        using var scratch = new TempDirectory();
        var knownHosts = Path.Combine(scratch.Path, "known_hosts");
        await File.WriteAllTextAsync(knownHosts, "");
        var missingKey = Path.Combine(scratch.Path, "no_such_key");

        var start = () => ConnectorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sources:Files:Transport"] = "Sftp",
            ["Sources:Files:Sftp:Host"] = "127.0.0.1",
            ["Sources:Files:Sftp:Username"] = "partner",
            ["Sources:Files:Sftp:PrivateKeyFile"] = missingKey,
            ["Sources:Files:Sftp:KnownHostsFile"] = knownHosts,
            ["Sources:Files:Sftp:Port"] = "70000",
        }, b => b.AddFilesConnector());

        var message = (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message;
        message.Should()
            .Contain($"Sources:Files:Sftp:PrivateKeyFile: The private key file '{missingKey}' does not exist")
            .And.Contain("Sources:Files:Sftp:Port");
    }

    [Fact]
    public async Task Should_fail_to_start_when_the_fingerprint_is_not_sha256()
    {
        using var scratch = new TempDirectory();
        var key = Path.Combine(scratch.Path, "key");
        await File.WriteAllTextAsync(key, "");

        var start = () => ConnectorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sources:Files:Transport"] = "Sftp",
            ["Sources:Files:Sftp:Host"] = "127.0.0.1",
            ["Sources:Files:Sftp:Username"] = "partner",
            ["Sources:Files:Sftp:PrivateKeyFile"] = key,
            ["Sources:Files:Sftp:HostKeyFingerprint"] = "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48",
        }, b => b.AddFilesConnector());

        var message = (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message;
        message.Should().Contain("Sources:Files:Sftp:HostKeyFingerprint").And.Contain("not a SHA-256 fingerprint")
            .And.NotContain("KnownHostsFile", "a fingerprint alone pins the host key");
    }

    [Fact]
    public async Task Should_use_the_local_directory_by_default()
    {
        using var drop = new TempDirectory();
        await using var host = await ConnectorHost.StartAsync(
            new Dictionary<string, string?> { ["Sources:Files:DropDirectory"] = drop.Path },
            b => b.AddFilesConnector());

        var store = host.Services.GetRequiredService<IFileStore>();

        store.Should().BeOfType<LocalFileStore>();
        store.Location.Should().Be(drop.Path);
    }
}
