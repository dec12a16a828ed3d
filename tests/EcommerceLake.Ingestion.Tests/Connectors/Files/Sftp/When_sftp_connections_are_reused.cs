using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Files;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files.Sftp;

public sealed class When_sftp_connections_are_reused(SshServer sshd) : IClassFixture<SshServer>
{
    private static readonly DateTime Dropped = new(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Should_hand_the_next_session_the_connection_a_healthy_session_ended_with()
    {
        await using var drop = await FilesTestDrop.StartAsync(sshd);
        await drop.AddOlistFileAsync("olist_sellers_dataset.csv.gz", Dropped);
        var store = drop.Services.GetRequiredService<IFileStore>();

        IFileStoreSession first;
        await using (first = await store.OpenAsync(CancellationToken.None))
            (await first.ListAsync(CancellationToken.None)).Should().ContainSingle();
        await using var second = await store.OpenAsync(CancellationToken.None);
        await using var third = await store.OpenAsync(CancellationToken.None);

        second.Should().BeSameAs(first, "the first session's connection was kept");
        third.Should().NotBeSameAs(second, "a kept connection serves one session at a time");
        (await second.ListAsync(CancellationToken.None)).Should().ContainSingle();
        (await third.ListAsync(CancellationToken.None)).Should().ContainSingle();
        (await drop.ExtractAsync("sellers")).Rows.Should().HaveCount(3_095);
    }

    [Fact]
    public async Task Should_not_reuse_a_connection_whose_session_failed()
    {
        await using var drop = await FilesTestDrop.StartAsync(sshd,
            new Dictionary<string, string?> { ["Sources:Files:Sftp:RemoteDirectory"] = "/no/such/directory" });
        var store = drop.Services.GetRequiredService<IFileStore>();

        IFileStoreSession first;
        await using (first = await store.OpenAsync(CancellationToken.None))
            await first.Invoking(s => s.ListAsync(CancellationToken.None))
                .Should().ThrowAsync<SourceUnavailableException>();
        await using var second = await store.OpenAsync(CancellationToken.None);

        second.Should().NotBeSameAs(first);
    }

    [Fact]
    public async Task Should_connect_anew_each_time_when_no_connection_may_be_kept()
    {
        await using var drop = await FilesTestDrop.StartAsync(sshd,
            new Dictionary<string, string?> { ["Sources:Files:Sftp:IdleConnections"] = "0" });
        var store = drop.Services.GetRequiredService<IFileStore>();

        IFileStoreSession first;
        await using (first = await store.OpenAsync(CancellationToken.None))
            (await first.ListAsync(CancellationToken.None)).Should().BeEmpty();
        await using var second = await store.OpenAsync(CancellationToken.None);

        second.Should().NotBeSameAs(first);
        (await second.ListAsync(CancellationToken.None)).Should().BeEmpty();
    }
}
