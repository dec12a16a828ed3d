using FluentAssertions;
using Xunit;

namespace EcommerceLake.Streams.Tests;

public sealed class When_a_json_value_is_normalized
{
    private static readonly ColumnSpec Column = new("products", ColumnType.Json);
    private static readonly CleaningRules Rules = new() { TrimStrings = true, EmptyStringAsNull = true };

    [Theory]
    [InlineData("[]")]
    [InlineData(" [ {\"a\": 1.50 ,\"b\":[null, true]} ]\n")]
    [InlineData("{\"nome\":\"São Paulo \\\"centro\\\"\"}")]
    [InlineData("\"just a string\"")]
    public void Should_keep_well_formed_json_exactly_as_given(string json)
    {
        ValueNormalizer.TryNormalize(Column, Rules, json, out var value, out var error).Should().BeTrue(error);

        value.Should().Be(json, "not trimmed, not reformatted, even under TrimStrings");
    }

    [Theory]
    [InlineData("[1, 2")]
    [InlineData("{'a': 1}")]
    [InlineData("[1] [2]")]
    [InlineData("[1,]")]
    public void Should_reject_text_that_is_not_one_json_value_naming_the_column(string json)
    {
        ValueNormalizer.TryNormalize(Column, Rules, json, out var value, out var error).Should().BeFalse();

        value.Should().BeNull();
        error.Should().Contain("products").And.Contain("json");
    }

    [Fact]
    public void Should_keep_a_long_json_value_read_through_a_pooled_buffer()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 400).Select(i => $"{{\"ação\":{i}}}")) + "]";

        ValueNormalizer.TryNormalize(Column, Rules, json, out var value, out var error).Should().BeTrue(error);

        value.Should().BeSameAs(json);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("[1] // a comment")]
    public void Should_reject_text_that_holds_no_single_value(string json)
    {
        ValueNormalizer.TryNormalize(Column, Rules, json, out var value, out var error).Should().BeFalse();

        value.Should().BeNull();
        error.Should().Contain("products");
    }

    [Fact]
    public void Should_reject_text_that_is_not_valid_unicode()
    {
        var json = "[\"" + '\uD800' + "\"]";

        ValueNormalizer.TryNormalize(Column, Rules, json, out var value, out var error).Should().BeFalse();

        value.Should().BeNull();
        error.Should().Contain("products");
    }

    [Fact]
    public void Should_take_an_empty_value_as_missing()
    {
        ValueNormalizer.TryNormalize(Column, Rules, "", out var value, out _).Should().BeTrue();

        value.Should().BeNull();
    }

    [Fact]
    public void Should_refuse_a_json_primary_key_in_a_spec()
    {
        var spec = new StreamSpec(
            "s", "t", "s_t", "t", ["doc"], [new ColumnSpec("doc", ColumnType.Json)], new CleaningRules());

        var create = () => new StreamCatalog([spec]);

        create.Should().Throw<InvalidOperationException>().WithMessage("*doc*json*");
    }
}
