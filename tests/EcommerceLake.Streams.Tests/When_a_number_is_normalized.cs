using FluentAssertions;
using Xunit;

namespace EcommerceLake.Streams.Tests;

/// <summary><see cref="ValueNormalizer"/> on numbers: canonical text is kept as it is, any other accepted form is
/// rewritten to it.</summary>
public sealed class When_a_number_is_normalized
{
    private static readonly CleaningRules Rules = new() { TrimStrings = true, EmptyStringAsNull = true };

    [Theory]
    [InlineData(ColumnType.Int, "0")]
    [InlineData(ColumnType.Int, "-42")]
    [InlineData(ColumnType.Int, "123456789")]
    [InlineData(ColumnType.BigInt, "-123456789012345678")]
    [InlineData(ColumnType.Decimal, "58.90")]
    [InlineData(ColumnType.Decimal, "0.0")]
    [InlineData(ColumnType.Decimal, "-1.50")]
    public void Should_keep_canonical_text_as_the_same_string(ColumnType type, string text)
    {
        ValueNormalizer.TryNormalize(new ColumnSpec("n", type), Rules, text, out var value, out var error)
            .Should().BeTrue(error);

        value.Should().BeSameAs(text);
    }

    [Theory]
    [InlineData(ColumnType.Int, "+5", "5")]
    [InlineData(ColumnType.Int, "007", "7")]
    [InlineData(ColumnType.Int, "-0", "0")]
    [InlineData(ColumnType.Int, "2147483647", "2147483647")]
    [InlineData(ColumnType.BigInt, "9223372036854775807", "9223372036854775807")]
    [InlineData(ColumnType.Decimal, ".5", "0.5")]
    [InlineData(ColumnType.Decimal, "00.50", "0.50")]
    [InlineData(ColumnType.Decimal, " 3.14 ", "3.14")]
    public void Should_rewrite_other_accepted_forms_to_the_canonical_one(ColumnType type, string text,
        string expected)
    {
        ValueNormalizer.TryNormalize(new ColumnSpec("n", type), Rules, text, out var value, out var error)
            .Should().BeTrue(error);

        value.Should().Be(expected);
    }

    [Theory]
    [InlineData(ColumnType.Int, "2147483648")]
    [InlineData(ColumnType.Int, "1.5")]
    [InlineData(ColumnType.BigInt, "9223372036854775808")]
    [InlineData(ColumnType.Decimal, "1,5")]
    public void Should_reject_text_that_is_no_number_of_the_type(ColumnType type, string text)
    {
        ValueNormalizer.TryNormalize(new ColumnSpec("n", type), Rules, text, out var value, out _)
            .Should().BeFalse();

        value.Should().BeNull();
    }
}
