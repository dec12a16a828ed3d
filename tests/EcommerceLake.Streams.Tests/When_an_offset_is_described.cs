using FluentAssertions;
using Xunit;

namespace EcommerceLake.Streams.Tests;

/// <summary><see cref="OffsetText.Describe"/> on the offsets of the four connectors and on what is not an
/// offset object.</summary>
public class When_an_offset_is_described
{
    [Theory]
    [InlineData("""{"changeVersion":42}""", "changeVersion: 42")]
    [InlineData("""{"lastDate":"2024-12-31"}""", "lastDate: 2024-12-31")]
    [InlineData("""{"answeredAt":"2018-07-31T23:55:26Z","reviewId":"r1","orderId":null}""",
        "answeredAt: 2018-07-31T23:55:26Z · reviewId: r1 · orderId: none")]
    [InlineData("""{"files":[{"name":"a.csv"},{"name":"b.csv"}],"lastSequence":2}""",
        "files: 2 entries · lastSequence: 2")]
    [InlineData("""{"files":[{"name":"a.csv"}],"cursor":{"page":3},"done":true}""",
        "files: 1 entry · cursor: {…} · done: true")]
    [InlineData("{}", "")]
    [InlineData("not json", "not json")]
    [InlineData("[1,2]", "[1,2]")]
    [InlineData(null, "none")]
    public void Should_read_each_property_as_name_and_value(string? json, string described) =>
        OffsetText.Describe(json).Should().Be(described);
}
