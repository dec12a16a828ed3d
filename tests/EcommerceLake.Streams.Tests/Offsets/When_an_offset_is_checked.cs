using EcommerceLake.Streams.Offsets;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Streams.Tests.Offsets;

/// <summary>An offset set by hand is checked with the parser its source's connector reads it with
/// (<see cref="OffsetFormats"/>), so a reset can refuse what the next run would fail on.</summary>
public class When_an_offset_is_checked
{
    [Fact]
    public void Should_know_the_format_of_every_source_in_the_catalog()
    {
        OffsetFormats.Sources.Should().BeEquivalentTo(StreamCatalog.Default.Sources,
            "a source whose offset format is unknown could not have its offset reset");
    }

    [Theory]
    [InlineData("marketplace", """{"changeVersion": 0}""")]
    [InlineData("reviews", "{}")]
    [InlineData("reviews", """{"answeredAt":"2018-05-23T16:45:47Z","reviewId":"r1","orderId":"o1"}""")]
    [InlineData("files", """{"files":[],"lastSequence":0}""")]
    [InlineData("economics", """{"lastDate":"2024-12-31"}""")]
    public void Should_accept_what_the_connector_reads(string source, string offset)
    {
        OffsetFormats.Problem(source, offset).Should().BeNull();
    }

    [Theory]
    [InlineData("marketplace", """{"changeVersion": -1}""", "change-tracking offset")]
    [InlineData("marketplace", """{"lastDate":"2024-12-31"}""", "change-tracking offset")]
    [InlineData("reviews", """{"answeredAt":"yesterday","reviewId":"r1","orderId":"o1"}""", "reviews offset")]
    [InlineData("files", """{"files":[{"size":1}],"lastSequence":0}""", "every file needs a name")]
    [InlineData("files", """{"changeVersion": 42}""", "files ledger")]
    [InlineData("reviews", """{"changeVersion": 42}""", "reviews offset")]
    [InlineData("economics", """{"lastDate":"not-a-date"}""", "economics offset")]
    [InlineData("economics", "lastDate=2024-12-31", "economics offset")]
    public void Should_say_why_the_connector_could_not_read_it(string source, string offset, string expected)
    {
        OffsetFormats.Problem(source, offset).Should().Contain(offset).And.Contain(expected);
    }

    [Theory]
    [InlineData("files", """{"changeVersion": 3}""", "it has no property 'changeVersion'.")]
    [InlineData("marketplace", "{}", "it lacks 'changeVersion'.")]
    [InlineData("marketplace", """{"changeVersion": "3"}""", "the value at $.changeVersion is not of the expected")]
    [InlineData("economics", "{lastDate}", "invalid")]
    public void Should_name_what_is_wrong_in_the_offsets_terms(string source, string offset, string reason)
    {
        var problem = OffsetFormats.Problem(source, offset);

        problem.Should().Contain(reason).And.NotContain("EcommerceLake.", "operators never see the parser's types")
            .And.NotContain("LineNumber");
    }

    [Fact]
    public void Should_refuse_to_check_for_a_source_it_does_not_know()
    {
        var act = () => OffsetFormats.Problem("crm", "{}");

        act.Should().Throw<ArgumentException>().WithMessage("*'crm'*");
    }
}
