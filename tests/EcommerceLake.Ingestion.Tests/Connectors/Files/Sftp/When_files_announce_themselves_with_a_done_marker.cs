using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files.Sftp;

public sealed class When_files_announce_themselves_with_a_done_marker(SshServer sshd)
    : IClassFixture<SshServer>, IAsyncLifetime
{
    private const string Header = "seller_id,seller_zip_code_prefix,seller_city,seller_state\n";
    private static readonly DateTime Dropped = new(2024, 5, 8, 0, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProviderThatActsDuringWaits _clock = new();
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync()
    {
        _drop = await FilesTestDrop.StartAsync(sshd,
            new Dictionary<string, string?>
            {
                ["Sources:Files:RequireDoneMarker"] = "true", ["Sources:Files:DoneMarkerSuffix"] = ".ok",
            },
            s => s.AddSingleton<TimeProvider>(_clock));
        _drop.AddFile("a_sellers.csv", Header + "a1,\"01001\",announced,SP\n", Dropped);
        _drop.AddFile("a_sellers.csv.ok", "", Dropped);
        _drop.AddFile("b_sellers.csv", Header + "b1,\"01001\",unannounced,SP\n", Dropped);
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_read_only_the_announced_files_without_waiting()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Rows.Select(r => r["seller_id"]).Should().Equal("a1");
        batch.Quarantine.Should().BeEmpty("the marker itself is not data");
        _clock.Waits.Should().Be(0);
    }

    [Fact]
    public async Task Should_read_a_file_once_its_marker_arrives_and_never_again()
    {
        var first = await _drop.ExtractAsync("sellers");
        _drop.AddFile("b_sellers.csv.ok", "", Dropped);

        var second = await _drop.ExtractAsync("sellers", first.Result.OffsetTo);
        var third = await _drop.ExtractAsync("sellers", second.Result.OffsetTo);

        second.Rows.Select(r => r["seller_id"]).Should().Equal("b1");
        third.Rows.Should().BeEmpty();
    }
}
