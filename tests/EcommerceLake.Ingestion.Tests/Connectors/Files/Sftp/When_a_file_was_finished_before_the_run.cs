using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files.Sftp;

public sealed class When_a_file_was_finished_before_the_run(SshServer sshd) : IClassFixture<SshServer>, IAsyncLifetime
{
    private const string Header = "seller_id,seller_zip_code_prefix,seller_city,seller_state\n";
    private static readonly DateTime Written = new(2024, 5, 7, 9, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProviderThatActsDuringWaits _clock = new();
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync() =>
        _drop = await FilesTestDrop.StartAsync(sshd,
            new Dictionary<string, string?> { ["Sources:Files:StabilityInterval"] = "00:00:02" },
            s => s.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_read_it_without_waiting_when_it_is_older_than_the_interval()
    {
        _drop.AddFile("old_sellers.csv", Header + "o1,\"01001\",old,SP\n", Written);
        _clock.SetUtcNow(Written.AddHours(1));

        var batch = await _drop.ExtractAsync("sellers");

        _clock.Waits.Should().Be(0, "an hour-old file has been still longer than the interval");
        batch.Rows.Select(r => r["seller_id"]).Should().Equal("o1");
    }

    [Fact]
    public async Task Should_wait_only_what_the_youngest_file_still_needs()
    {
        _drop.AddFile("old_sellers.csv", Header + "o1,\"01001\",old,SP\n", Written);
        _drop.AddFile("young_sellers.csv", Header + "y1,\"01001\",young,SP\n", Written.AddMinutes(10));
        // The young file's time is whole seconds (SFTP): it may have been written up to 1 s after it, so it has been
        // still for 0.5 s of the 2 s interval.
        var start = Written.AddMinutes(10).AddSeconds(1.5);
        _clock.SetUtcNow(start);

        var batch = await _drop.ExtractAsync("sellers");

        _clock.Waits.Should().Be(1);
        (_clock.GetUtcNow() - start).Should().Be(TimeSpan.FromSeconds(1.5));
        batch.Rows.Select(r => r["seller_id"]).Should().BeEquivalentTo(["o1", "y1"]);
    }
}
