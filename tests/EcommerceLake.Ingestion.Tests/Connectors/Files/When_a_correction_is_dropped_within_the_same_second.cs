using EcommerceLake.Streams.Offsets;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

/// <summary>
/// SFTP v3 gives whole-second modification times: an original and its correction dropped within one second look
/// equally old. The correction, ingested later, must still carry the higher change versions.
/// </summary>
public sealed class When_a_correction_is_dropped_within_the_same_second : IAsyncLifetime
{
    private const string Header = "seller_id,seller_zip_code_prefix,seller_city,seller_state\n";
    private static readonly DateTime Second = new(2024, 6, 5, 12, 0, 0, DateTimeKind.Utc);
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync() => _drop = await FilesTestDrop.StartAsync();

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_give_the_later_file_higher_versions_than_the_earlier_one()
    {
        _drop.AddFile("z_sellers.csv", Header + "s1,\"01001\",wrong,SP\n", Second);
        var first = await _drop.ExtractAsync("sellers");
        // The correction sorts before the original by name and has the same whole-second time.
        _drop.AddFile("a_sellers_fix.csv", Header + "s1,\"01001\",right,SP\n", Second.AddMilliseconds(400));

        var second = await _drop.ExtractAsync("sellers", first.Result.OffsetTo);

        second.Rows.Should().ContainSingle().Which["seller_city"].Should().Be("right");
        long.Parse(second.Rows[0]["_change_version"]!)
            .Should().BeGreaterThan(long.Parse(first.Rows[0]["_change_version"]!));
    }

    [Fact]
    public async Task Should_order_every_file_of_a_later_run_after_every_file_of_an_earlier_run()
    {
        _drop.AddFile("b_sellers.csv",
            Header + string.Concat(Enumerable.Range(1, 50).Select(i => $"s{i},\"01001\",b,SP\n")), Second);
        var first = await _drop.ExtractAsync("sellers");
        _drop.AddFile("a_sellers.csv", Header + "s1,\"01001\",a,SP\n", Second.AddSeconds(-3600));

        var second = await _drop.ExtractAsync("sellers", first.Result.OffsetTo);

        var earlier = first.Rows.Max(r => long.Parse(r["_change_version"]!));
        second.Rows.Should().ContainSingle().Which["_change_version"].Should().Match(v => long.Parse(v!) > earlier);
        FilesLedger.Parse(second.Result.OffsetTo).LastSequence
            .Should().BeGreaterThan(FilesLedger.Parse(first.Result.OffsetTo).LastSequence);
    }

    [Fact]
    public async Task Should_give_the_same_versions_when_the_same_offset_is_read_again()
    {
        _drop.AddFile("z_sellers.csv", Header + "s1,\"01001\",x,SP\n", Second);
        var first = await _drop.ExtractAsync("sellers");
        _drop.AddFile("a_sellers_fix.csv", Header + "s1,\"01001\",y,SP\ns2,\"01002\",y,SP\n", Second);

        var delivered = await _drop.ExtractAsync("sellers", first.Result.OffsetTo);
        var redelivered = await _drop.ExtractAsync("sellers", first.Result.OffsetTo);

        redelivered.Rows.Should().BeEquivalentTo(delivered.Rows, o => o.WithStrictOrdering());
        redelivered.Result.OffsetTo.Should().Be(delivered.Result.OffsetTo);
    }

    [Fact]
    public async Task Should_keep_the_versions_of_files_read_again_by_a_forced_full_run()
    {
        _drop.AddFile("z_sellers.csv", Header + "s1,\"01001\",x,SP\n", Second);
        _drop.AddFile("a_sellers_fix.csv", Header + "s1,\"01001\",y,SP\n", Second);
        var first = await _drop.ExtractAsync("sellers");

        var full = await _drop.ExtractAsync("sellers", first.Result.OffsetTo, forceFull: true);

        full.Rows.Should().BeEquivalentTo(first.Rows, o => o.WithStrictOrdering());
    }
}
