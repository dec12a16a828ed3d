using FluentAssertions;
using Xunit;

namespace EcommerceLake.Processing.Tests.PySpark;

public sealed class When_the_pyspark_driver_types_values
{
    [Fact]
    public async Task Should_give_every_value_the_canonical_text_and_error_of_the_csharp_normalizer()
    {
        var outcome = await TypingConformance.ResultsAsync();

        outcome.Python.Count.Should().Be(outcome.Cases.Count);
        outcome.Cases.Count(c => (string?)c!["kind"] == "value").Should()
            .BeGreaterThan(500, "the table covers every type");
        var differences = TypingConformance.Differences(outcome, "value");
        differences.Should().BeEmpty(string.Join("\n", differences.Take(30)));
    }

    [Fact]
    public async Task Should_type_and_describe_every_record_as_the_csharp_typer()
    {
        var outcome = await TypingConformance.ResultsAsync();

        var differences = TypingConformance.Differences(outcome, "record");
        differences.Should().BeEmpty(string.Join("\n", differences.Take(30)));
        outcome.CSharp.Count(r => r!["ok"] is not null && !(bool)r["ok"]!).Should()
            .BeGreaterThan(10, "the table holds rejected values and records");
    }

    [Theory]
    [InlineData("decimal", " 12.340 ", "12.340")]
    [InlineData("decimal", "5-", "-5")]
    [InlineData("decimal", "79228162514264337593543950336", null)]
    [InlineData("bigint", "-9223372036854775808", "-9223372036854775808")]
    [InlineData("int", "2147483648", null)]
    [InlineData("timestamp", "2017-10-02T10:56:33.1234567-03:00", "2017-10-02 13:56:33.1234567")]
    [InlineData("timestamp", "2017-10-02 10:56:33.1200000", "2017-10-02 10:56:33.12")]
    [InlineData("date", "2017-10-02T03:00:00+03:00", "2017-10-02")]
    [InlineData("json", " [1, 2] ", " [1, 2] ")]
    [InlineData("json", "[1,]", null)]
    public async Task Should_agree_on_the_well_known_cases(string type, string value, string? expected)
    {
        var outcome = await TypingConformance.ResultsAsync();

        var index = Enumerable.Range(0, outcome.Cases.Count).First(i =>
            (string?)outcome.Cases[i]!["kind"] == "value" && (string?)outcome.Cases[i]!["type"] == type
            && (string?)outcome.Cases[i]!["value"] == value
            && outcome.Cases[i]!["trimStrings"] is null && outcome.Cases[i]!["nullable"] is null
            && outcome.Cases[i]!["emptyStringAsNull"] is null);
        ((string?)outcome.Python[index]!["value"]).Should().Be(expected);
        ((string?)outcome.CSharp[index]!["value"]).Should().Be(expected);
    }
}
