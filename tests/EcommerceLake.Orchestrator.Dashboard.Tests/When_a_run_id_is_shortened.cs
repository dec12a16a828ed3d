using FluentAssertions;
using MassTransit;
using Xunit;

namespace EcommerceLake.Orchestrator.Dashboard.Tests;

/// <summary><see cref="Html.Short"/>: the run id the dashboard's tables and titles show.</summary>
public sealed class When_a_run_id_is_shortened
{
    [Fact]
    public void Should_tell_apart_two_runs_of_one_orchestrator_process()
    {
        // Two run ids one `lake serve` made 14 minutes apart: the same first 8 digits, as every NewId of a process.
        var first = Guid.Parse("065d0000-0bd0-91b7-12c2-08df531b3a59");
        var second = Guid.Parse("065d0000-0bd0-91b7-bbb0-08df531d3d6e");

        Html.Short(first).Should().Be("531b3a59");
        Html.Short(second).Should().Be("531d3d6e");
    }

    [Fact]
    public void Should_be_found_in_the_id_with_and_without_hyphens()
    {
        var id = NewId.NextGuid();

        id.ToString().Should().EndWith(Html.Short(id));
        id.ToString("N").Should().EndWith(Html.Short(id));
    }
}
