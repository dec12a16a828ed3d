using EcommerceLake.Streams.Offsets;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

public sealed class When_a_quote_is_never_closed : IAsyncLifetime
{
    private const string Name = "partner_sellers_2024-06.csv";
    private const string Broken = "s3,\"01003,never closed,SP";
    private static readonly DateTime Dropped = new(2024, 6, 3, 9, 0, 0, DateTimeKind.Utc);
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync()
    {
        _drop = await FilesTestDrop.StartAsync();
        _drop.AddFile(Name,
            "seller_id,seller_zip_code_prefix,seller_city,seller_state\n" +
            "s1,\"01001\",one,SP\n" +
            "s2,\"01002\",two,SP\n" +
            Broken + "\n" +
            "s4,01004,four,SP\n" +
            "s5,01005,five,SP\n" +
            "s6,01006,six,RJ\n", Dropped);
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_quarantine_only_the_line_the_broken_record_starts_on()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Quarantine.Should().ContainSingle();
        batch.Quarantine[0].Position.Should().Be($"{Name}:line 4");
        batch.Quarantine[0].Reason.Should().Contain("never closed");
        batch.Quarantine[0].Content.Should().Be(Broken);
        batch.Manifest.QuarantinedCount.Should().Be(1);
    }

    [Fact]
    public async Task Should_load_every_row_after_it_with_its_own_line()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Rows.Select(r => r["seller_id"]).Should().Equal("s1", "s2", "s4", "s5", "s6");
        batch.Rows.Select(r => r["_change_version"]).Should().Equal(
            new long[] { 2, 3, 5, 6, 7 }.Select(l => FilesTestDrop.Version(Dropped, l).ToString()));
        batch.Rows.Select(r => r["_position"]).Should().Equal(
            $"{Name}:line 2", $"{Name}:line 3", $"{Name}:line 5", $"{Name}:line 6", $"{Name}:line 7");
    }

    [Fact]
    public async Task Should_mark_the_file_ingested_since_nothing_was_lost()
    {
        var batch = await _drop.ExtractAsync("sellers");

        FilesLedger.Parse(batch.Result.OffsetTo).Files.Select(f => f.Name).Should().Equal(Name);
    }
}
