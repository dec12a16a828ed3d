using FluentAssertions;
using Xunit;

namespace EcommerceLake.Orchestrator.Dashboard.Tests;

/// <summary><see cref="Html.Offset"/>: the offsets of the four connectors as the dashboard's tables show them, with
/// the whole JSON kept in the title.</summary>
public class When_an_offset_is_shown
{
    [Theory]
    [InlineData("""{"changeVersion":42}""", "changeVersion: 42")]
    [InlineData("""{"lastDate":"2024-12-31"}""", "lastDate: 2024-12-31")]
    [InlineData("""{"answeredAt":"2018-07-31T23:55:26Z","reviewId":"r1","orderId":null}""",
        "answeredAt: 2018-07-31T23:55:26Z · reviewId: r1 · orderId: none")]
    [InlineData("""{"files":[{"name":"a.csv"},{"name":"b.csv"}],"lastSequence":2}""",
        "files: 2 entries · lastSequence: 2")]
    [InlineData("""{"files":[{"name":"a.csv"}],"cursor":{"page":3}}""", "files: 1 entry · cursor: {…}")]
    [InlineData("not json", "not json")]
    [InlineData("[1,2]", "[1,2]")]
    public void Should_read_each_property_as_name_and_value(string json, string shown)
    {
        var html = Html.Offset(json);

        html.Should().Be($"<code title=\"{Html.E(json)}\">{Html.E(shown)}</code>");
    }

    [Fact]
    public void Should_say_none_without_an_offset_and_keep_a_given_title()
    {
        Html.Offset(null).Should().Be("<code>none</code>");
        Html.Offset(null, "from none to none").Should().Be("<code title=\"from none to none\">none</code>");
        Html.Offset("""{"changeVersion":1}""", "from 0 to 1").Should()
            .Be("<code title=\"from 0 to 1\">changeVersion: 1</code>");
    }
}
