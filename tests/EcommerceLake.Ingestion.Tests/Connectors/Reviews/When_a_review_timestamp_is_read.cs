using System.Globalization;
using EcommerceLake.Ingestion.Connectors.Reviews;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

/// <summary>The direct read of the API's RFC 3339 UTC timestamps agrees with the general ISO 8601 parser it stands in
/// front of, and leaves every other text to it.</summary>
public sealed class When_a_review_timestamp_is_read
{
    private static DateTime General(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;

    [Theory]
    [InlineData("2017-03-01T15:29:11Z")]
    [InlineData("2017-03-01T15:29:11.5Z")]
    [InlineData("2017-03-01T15:29:11.123456Z")]
    [InlineData("2017-03-01T15:29:11.1234567Z")]
    [InlineData("2016-02-29T23:59:59.000001Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("2017-03-01T15:29:11.12345678Z")]
    [InlineData("2017-03-01T15:29:11-03:00")]
    [InlineData("2017-03-01T15:29:11.25+01:30")]
    [InlineData("2017-03-01 15:29:11")]
    [InlineData("2017-03-01")]
    public void Should_give_the_instant_the_general_parser_gives(string text)
    {
        IsoTimestamp.TryParseUtc(text, out var utc).Should().BeTrue();

        utc.Should().Be(General(text));
        utc.Kind.Should().Be(DateTimeKind.Utc);
    }

    [Theory]
    [InlineData("2017-02-29T10:00:00Z")]
    [InlineData("2017-13-01T10:00:00Z")]
    [InlineData("2017-03-01T24:00:01Z")]
    [InlineData("2017-03-01T15:29:1xZ")]
    [InlineData("not a timestamp")]
    [InlineData("")]
    public void Should_refuse_what_the_general_parser_refuses(string text)
    {
        var general = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
            out _);

        IsoTimestamp.TryParseUtc(text, out _).Should().Be(general).And.BeFalse();
    }
}
