using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

public sealed class When_running_again_with_the_returned_offset : IAsyncLifetime
{
    private static readonly DateTime Dropped = new(2024, 5, 5, 0, 0, 0, DateTimeKind.Utc);
    private FilesTestDrop _drop = null!;
    private string _sellers = "";

    public async Task InitializeAsync()
    {
        _drop = await FilesTestDrop.StartAsync();
        _sellers = await _drop.AddOlistFileAsync("olist_sellers_dataset.csv.gz", Dropped);
        await _drop.AddOlistFileAsync("olist_sellers_dataset.csv.gz", Dropped.AddHours(1), "archive_sellers_2018.csv");
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_ingest_nothing_when_no_file_changed()
    {
        var first = await _drop.ExtractAsync("sellers");
        first.Rows.Should().HaveCount(2 * 3_095);

        var second = await _drop.ExtractAsync("sellers", first.Result.OffsetTo);

        second.Rows.Should().BeEmpty();
        second.Quarantine.Should().BeEmpty();
        second.Result.OffsetTo.Should().Be(first.Result.OffsetTo);
    }

    [Fact]
    public async Task Should_ingest_a_changed_file_again_and_only_that_one()
    {
        var first = await _drop.ExtractAsync("sellers");
        File.AppendAllText(_sellers, "\"ffffffffffffffffffffffffffffffff\",\"01001\",sao paulo,SP\n");
        var changed = Dropped.AddDays(1);
        File.SetLastWriteTimeUtc(_sellers, changed);

        var second = await _drop.ExtractAsync("sellers", first.Result.OffsetTo);

        second.Rows.Should().HaveCount(3_096);
        second.Rows[^1]["seller_id"].Should().Be("ffffffffffffffffffffffffffffffff");
        second.Rows.Select(r => long.Parse(r["_change_version"]!))
            .Should().OnlyContain(v => v >= FilesTestDrop.Version(changed, 0),
                "the rows of the new version of the file win over every earlier one");
        using var offset = JsonDocument.Parse(second.Result.OffsetTo);
        offset.RootElement.GetProperty("files").EnumerateArray()
            .Single(f => f.GetProperty("name").GetString() == "olist_sellers_dataset.csv")
            .GetProperty("size").GetInt64().Should().Be(new FileInfo(_sellers).Length);

        var third = await _drop.ExtractAsync("sellers", second.Result.OffsetTo);
        third.Rows.Should().BeEmpty();
    }

    [Fact]
    public async Task Should_forget_a_file_that_was_removed()
    {
        var first = await _drop.ExtractAsync("sellers");
        File.Delete(_sellers);

        var second = await _drop.ExtractAsync("sellers", first.Result.OffsetTo);

        second.Rows.Should().BeEmpty();
        using var offset = JsonDocument.Parse(second.Result.OffsetTo);
        offset.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString())
            .Should().Equal("archive_sellers_2018.csv");
    }

    [Fact]
    public async Task Should_read_every_file_again_when_forced()
    {
        var first = await _drop.ExtractAsync("sellers");

        var forced = await _drop.ExtractAsync("sellers", first.Result.OffsetTo, forceFull: true);

        forced.Rows.Should().HaveCount(2 * 3_095);
        forced.Result.OffsetTo.Should().Be(first.Result.OffsetTo);
    }
}
