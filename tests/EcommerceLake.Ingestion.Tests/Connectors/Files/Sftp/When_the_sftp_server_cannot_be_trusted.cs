using EcommerceLake.DemoSources.Sftp;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files.Sftp;

public sealed class When_the_sftp_server_cannot_be_trusted(SshServer sshd) : IClassFixture<SshServer>
{
    [Fact]
    public async Task Should_refuse_an_unknown_host_key_without_prompting()
    {
        var knownHosts = Scratch("empty_known_hosts");
        await File.WriteAllTextAsync(knownHosts, "");

        var error = await ExtractWith(new() { ["Sources:Files:Sftp:KnownHostsFile"] = knownHosts });

        error.Message.Should().Contain("host key").And.Contain("UNKNOWN").And.Contain(knownHosts)
            .And.Contain("Sources:Files:Sftp:KnownHostsFile").And.Contain($"[127.0.0.1]:{sshd.Server.Port}")
            .And.Contain(sshd.Server.HostKeyFingerprint, "the fingerprint seen is named");
    }

    [Fact]
    public async Task Should_refuse_a_host_whose_key_is_recorded_only_for_other_hosts_or_ports()
    {
        var hostKey = (await File.ReadAllTextAsync(sshd.Server.HostPublicKeyFile)).Split(' ');
        var knownHosts = Scratch("other_hosts_known_hosts");
        await File.WriteAllLinesAsync(knownHosts,
        [
            $"127.0.0.1 {hostKey[0]} {hostKey[1]}",
            $"[127.0.0.2]:{sshd.Server.Port},[localhost]:{sshd.Server.Port} {hostKey[0]} {hostKey[1]}",
            $"![127.0.0.1]:{sshd.Server.Port},* {hostKey[0]} {hostKey[1]}",
        ]);

        var error = await ExtractWith(new() { ["Sources:Files:Sftp:KnownHostsFile"] = knownHosts });

        error.Message.Should().Contain("UNKNOWN").And.Contain($"[127.0.0.1]:{sshd.Server.Port}")
            .And.Contain($"127.0.0.1 port {sshd.Server.Port}").And.Contain(sshd.Server.HostKeyFingerprint);
    }

    [Fact]
    public async Task Should_refuse_a_host_key_that_differs_from_the_pinned_fingerprint()
    {
        var otherKey = Scratch("other_host_key");
        await DemoSftpServer.GenerateKeyAsync(otherKey, "impostor");
        var pinned = DemoSftpServer.Fingerprint(await File.ReadAllTextAsync(otherKey + ".pub"));

        var error = await ExtractWith(new()
        {
            ["Sources:Files:Sftp:KnownHostsFile"] = "",
            ["Sources:Files:Sftp:HostKeyFingerprint"] = pinned,
        });

        error.Message.Should().Contain("does not match the pinned fingerprint").And.Contain(pinned)
            .And.Contain("Sources:Files:Sftp:HostKeyFingerprint").And.Contain($"127.0.0.1 port {sshd.Server.Port}")
            .And.Contain(sshd.Server.HostKeyFingerprint).And.Contain("nothing was read");
    }

    [Fact]
    public async Task Should_refuse_a_revoked_host_key()
    {
        var hostKey = (await File.ReadAllTextAsync(sshd.Server.HostPublicKeyFile)).Split(' ');
        var knownHosts = Scratch("revoked_known_hosts");
        await File.WriteAllLinesAsync(knownHosts,
        [
            $"@revoked * {hostKey[0]} {hostKey[1]}",
            $"[127.0.0.1]:{sshd.Server.Port} {hostKey[0]} {hostKey[1]}",
        ]);

        var error = await ExtractWith(new() { ["Sources:Files:Sftp:KnownHostsFile"] = knownHosts });

        error.Message.Should().Contain("REVOKED").And.Contain(sshd.Server.HostKeyFingerprint);
    }

    [Fact]
    public async Task Should_refuse_a_changed_host_key()
    {
        var otherKey = Scratch("other_host_key");
        await DemoSftpServer.GenerateKeyAsync(otherKey, "impostor");
        var knownHosts = Scratch("changed_known_hosts");
        await sshd.Server.WriteKnownHostsAsync(knownHosts, await File.ReadAllTextAsync(otherKey + ".pub"));

        var error = await ExtractWith(new() { ["Sources:Files:Sftp:KnownHostsFile"] = knownHosts });

        error.Message.Should().Contain("host key").And.Contain("CHANGED").And.Contain(knownHosts)
            .And.Contain("nothing was read")
            .And.Contain(sshd.Server.HostKeyFingerprint);
    }

    [Fact]
    public async Task Should_report_a_user_key_the_server_does_not_authorize()
    {
        var wrongKey = Scratch("wrong_user_key");
        await DemoSftpServer.GenerateKeyAsync(wrongKey, "stranger");

        var error = await ExtractWith(new() { ["Sources:Files:Sftp:PrivateKeyFile"] = wrongKey });

        error.Message.Should().Contain("refused the key").And.Contain(wrongKey)
            .And.Contain("Sources:Files:Sftp:PrivateKeyFile")
            .And.Contain(sshd.Server.Username);
        error.Message.Should().NotContain(await File.ReadAllTextAsync(wrongKey), "the private key is never shown");
    }

    [Fact]
    public async Task Should_report_a_port_nobody_listens_on()
    {
        var error = await ExtractWith(new() { ["Sources:Files:Sftp:Port"] = "1" });

        error.Message.Should().Contain("cannot be reached").And.Contain("Connection refused");
    }

    [Fact]
    public async Task Should_report_a_missing_remote_directory()
    {
        var missing = Path.Combine(sshd.DropDirectory, "no-such-directory");

        var error = await ExtractWith(new() { ["Sources:Files:Sftp:RemoteDirectory"] = missing });

        error.Message.Should().Contain(missing).And.Contain("No such file");
    }

    private string Scratch(string name) => Path.Combine(sshd.ScratchDirectory, $"{Guid.NewGuid():N}-{name}");

    private async Task<SourceUnavailableException> ExtractWith(Dictionary<string, string?> settings)
    {
        await using var drop = await FilesTestDrop.StartAsync(sshd, settings);
        drop.AddFile("sellers.csv",
            "seller_id,seller_zip_code_prefix,seller_city,seller_state\ns1,\"01001\",sao paulo,SP\n", DateTime.UtcNow);
        var extract = () => drop.ExtractAsync("sellers");
        return (await extract.Should().ThrowAsync<SourceUnavailableException>()).Which;
    }
}
