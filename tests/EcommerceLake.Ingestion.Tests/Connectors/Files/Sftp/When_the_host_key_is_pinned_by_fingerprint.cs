using System.Diagnostics;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files.Sftp;

public sealed class When_the_host_key_is_pinned_by_fingerprint(SshServer sshd) : IClassFixture<SshServer>
{
    private const string Sellers =
        "seller_id,seller_zip_code_prefix,seller_city,seller_state\ns1,\"01001\",sao paulo,SP\n";

    [Fact]
    public async Task Should_read_the_drop_with_the_fingerprint_as_ssh_keygen_prints_it()
    {
        var rows = await ExtractWith(new()
        {
            ["Sources:Files:Sftp:KnownHostsFile"] = "",
            ["Sources:Files:Sftp:HostKeyFingerprint"] = sshd.Server.HostKeyFingerprint,
        });

        rows.Should().Equal("s1");
    }

    [Fact]
    public async Task Should_accept_the_fingerprint_as_bare_padded_base64()
    {
        var bare = sshd.Server.HostKeyFingerprint["SHA256:".Length..] + "=";

        var rows = await ExtractWith(new()
        {
            ["Sources:Files:Sftp:KnownHostsFile"] = "",
            ["Sources:Files:Sftp:HostKeyFingerprint"] = bare,
        });

        rows.Should().Equal("s1");
    }

    [Fact]
    public async Task Should_read_the_drop_when_known_hosts_and_fingerprint_both_pin_the_key()
    {
        var rows = await ExtractWith(
            new() { ["Sources:Files:Sftp:HostKeyFingerprint"] = sshd.Server.HostKeyFingerprint });

        rows.Should().Equal("s1");
    }

    [Fact]
    public async Task Should_read_the_drop_with_a_hashed_known_hosts_file()
    {
        var knownHosts = Path.Combine(sshd.ScratchDirectory, $"{Guid.NewGuid():N}-hashed_known_hosts");
        File.Copy(sshd.Server.KnownHostsFile, knownHosts);
        using (var hash = Process.Start("ssh-keygen", ["-q", "-H", "-f", knownHosts])!)
            await hash.WaitForExitAsync();
        (await File.ReadAllTextAsync(knownHosts)).Should().StartWith("|1|", "ssh-keygen -H hashed the host name");

        var rows = await ExtractWith(new() { ["Sources:Files:Sftp:KnownHostsFile"] = knownHosts });

        rows.Should().Equal("s1");
    }

    private async Task<IReadOnlyList<string?>> ExtractWith(Dictionary<string, string?> settings)
    {
        await using var drop = await FilesTestDrop.StartAsync(sshd, settings);
        drop.AddFile("sellers.csv", Sellers, new DateTime(2024, 5, 2, 0, 0, 0, DateTimeKind.Utc));
        var batch = await drop.ExtractAsync("sellers");
        return [.. batch.Rows.Select(r => r["seller_id"])];
    }
}
