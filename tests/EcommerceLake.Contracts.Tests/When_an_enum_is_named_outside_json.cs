using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Contracts.Tests;

/// <summary><see cref="WireName"/> gives a contract enum's wire text where JSON does not reach (SQL, metric tags, alert
/// keys); it must agree with what System.Text.Json writes.</summary>
public class When_an_enum_is_named_outside_json
{
    [Fact]
    public void Should_name_enum_values_outside_json_as_on_the_wire()
    {
        WireName.Of(AlertKind.RunFailed).Should().Be("run-failed");
        WireName.Of(RunOutcome.Completed).Should().Be("completed");
        WireName.Parse<AlertSeverity>("error").Should().Be(AlertSeverity.Error);
        var act = () => WireName.Parse<AlertSeverity>("Error");
        act.Should().Throw<FormatException>().WithMessage("*'Error'*error, warning*");
    }

    [Fact]
    public void Should_agree_with_the_json_of_every_member()
    {
        foreach (var trigger in Enum.GetValues<RunTrigger>())
            JsonSerializer.Serialize(trigger).Should().Be($"\"{WireName.Of(trigger)}\"");
        foreach (var kind in Enum.GetValues<AlertKind>())
            JsonSerializer.Serialize(kind).Should().Be($"\"{WireName.Of(kind)}\"");
        foreach (var chain in Enum.GetValues<MartsChainName>())
            JsonSerializer.Serialize(chain).Should().Be($"\"{WireName.Of(chain)}\"");
        WireName.TryParse<SourceChangeKind>("file-arrived", out var change).Should().BeTrue();
        change.Should().Be(SourceChangeKind.FileArrived);
    }
}
