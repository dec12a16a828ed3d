using EcommerceLake.Cli.Demo;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Cli.Tests.Demo;

/// <summary><see cref="DemoSummary.ShortOffset"/>: the four connectors' offsets in the main job's table.</summary>
public sealed class When_the_main_job_shows_an_offset
{
    [Theory]
    [InlineData("""{"changeVersion":3}""", "v3")]
    [InlineData("""{"answeredAt":"2018-10-22T03:33:14Z","reviewId":"r","orderId":"o"}""", "2018-10-22T03:33:14Z")]
    [InlineData("""{"lastDate":"2024-12-31"}""", "2024-12-31")]
    [InlineData("""{"files":[{"name":"a.csv"}],"lastSequence":1}""", "1 file")]
    [InlineData("""{"files":[{"name":"a.csv"},{"name":"b.csv"}],"lastSequence":2}""", "2 files")]
    [InlineData(null, "—")]
    [InlineData("""{"somethingElse":"abcdefghijklmnopqrstuvwxyz"}""", """{"somethingElse":"abcdef…""")]
    public void Should_show_its_position_in_a_few_characters(string? offset, string shown) =>
        DemoSummary.ShortOffset(offset).Should().Be(shown);
}
