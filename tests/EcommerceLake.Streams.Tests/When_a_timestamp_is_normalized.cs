using FluentAssertions;
using Xunit;

namespace EcommerceLake.Streams.Tests;

/// <summary><see cref="ValueNormalizer"/> on timestamps and dates: canonical text is kept as it is, any other
/// accepted form is rewritten to it.</summary>
public sealed class When_a_timestamp_is_normalized
{
    private static readonly CleaningRules Rules = new() { TrimStrings = true, EmptyStringAsNull = true };
    private static readonly ColumnSpec Timestamp = new("at", ColumnType.Timestamp);
    private static readonly ColumnSpec Date = new("on", ColumnType.Date);

    [Theory]
    [InlineData("2017-10-02 10:56:33")]
    [InlineData("2017-10-02 10:56:33.1")]
    [InlineData("2016-02-29 23:59:59.9999999")]
    [InlineData("0001-01-01 00:00:00")]
    [InlineData("9999-12-31 23:59:59.0000001")]
    public void Should_keep_canonical_text_as_the_same_string(string text)
    {
        ValueNormalizer.TryNormalize(Timestamp, Rules, text, out var value, out var error).Should().BeTrue(error);

        value.Should().BeSameAs(text);
    }

    [Fact]
    public void Should_keep_a_canonical_date_as_the_same_string()
    {
        const string text = "2016-02-29";
        ValueNormalizer.TryNormalize(Date, Rules, text, out var value, out var error).Should().BeTrue(error);

        value.Should().BeSameAs(text);
    }

    [Theory]
    [InlineData("2017-10-02 10:56:33.1200000", "2017-10-02 10:56:33.12")]
    [InlineData("2017-10-02 10:56:33.000", "2017-10-02 10:56:33")]
    [InlineData("2017-10-02", "2017-10-02 00:00:00")]
    [InlineData(" 2017-10-02 10:56:33 ", "2017-10-02 10:56:33")]
    [InlineData("2017-10-02T10:56:33.5+02:00", "2017-10-02 08:56:33.5")]
    [InlineData("2017-10-02 10:56", "2017-10-02 10:56:00")]
    public void Should_rewrite_other_accepted_forms_to_the_canonical_one(string text, string expected)
    {
        ValueNormalizer.TryNormalize(Timestamp, Rules, text, out var value, out var error).Should().BeTrue(error);

        value.Should().Be(expected);
    }

    [Theory]
    [InlineData("2017-02-29")]
    [InlineData("2017-10-02 24:00:00")]
    [InlineData("2017-10-02 23:59:60")]
    [InlineData("0000-01-01 00:00:00")]
    [InlineData("2017-10-02 10:56:33.12345678")]
    [InlineData("2017-10-2 10:56:33")]
    public void Should_reject_text_that_is_no_timestamp(string text)
    {
        ValueNormalizer.TryNormalize(Timestamp, Rules, text, out var value, out var error).Should().BeFalse();

        value.Should().BeNull();
        error.Should().Contain("at");
    }

    [Fact]
    public void Should_reject_a_date_with_a_time_of_day()
    {
        ValueNormalizer.TryNormalize(Date, Rules, "2017-10-02 10:56:33", out var value, out _).Should().BeFalse();

        value.Should().BeNull();
    }
}
