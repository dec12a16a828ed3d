using System.Text;
using System.Text.Json;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files.Sftp;

public sealed class When_a_file_is_still_being_written(SshServer sshd) : IClassFixture<SshServer>, IAsyncLifetime
{
    private const string Header = "seller_id,seller_zip_code_prefix,seller_city,seller_state\n";
    private static readonly DateTime Started = new(2024, 5, 7, 9, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProviderThatActsDuringWaits _clock = new();
    private FilesTestDrop _drop = null!;
    private string _growing = "";

    public async Task InitializeAsync()
    {
        _drop = await FilesTestDrop.StartAsync(sshd,
            new Dictionary<string, string?> { ["Sources:Files:StabilityInterval"] = "00:00:02" },
            s => s.AddSingleton<TimeProvider>(_clock));
        _drop.AddFile("done_sellers.csv", Header + "d1,\"01001\",complete,SP\n", Started);
        _growing = _drop.AddFile("growing_sellers.csv", Header + "g1,\"01001\",first,SP\n", Started);
        // The upload goes on while the connector waits between its two listings.
        _clock.DuringNextWait(() =>
        {
            File.AppendAllText(_growing, "g2,\"01001\",second,SP\n", Encoding.UTF8);
            File.SetLastWriteTimeUtc(_growing, Started.AddSeconds(1));
        });
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_skip_it_and_leave_it_out_of_the_offset()
    {
        var batch = await _drop.ExtractAsync("sellers");

        _clock.Waits.Should().Be(1);
        (_clock.GetUtcNow() - _clock.Start).Should().Be(TimeSpan.FromSeconds(2), "the wait is the stability interval");
        batch.Rows.Select(r => r["seller_id"]).Should().Equal("d1");
        using var offset = JsonDocument.Parse(batch.Result.OffsetTo);
        offset.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString())
            .Should().Equal("done_sellers.csv");
    }

    [Fact]
    public async Task Should_pick_it_up_whole_once_it_stops_changing()
    {
        var first = await _drop.ExtractAsync("sellers");

        var second = await _drop.ExtractAsync("sellers", first.Result.OffsetTo);

        second.Rows.Select(r => r["seller_id"]).Should().Equal("g1", "g2");
        var third = await _drop.ExtractAsync("sellers", second.Result.OffsetTo);
        third.Rows.Should().BeEmpty();
        _clock.Waits.Should().Be(2, "a run with nothing new or changed does not wait");
    }
}
