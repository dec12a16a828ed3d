using FluentAssertions;
using Xunit;

namespace EcommerceLake.Orchestrator.Dashboard.Tests;

/// <summary><see cref="Html.Offset"/>: the offset described for people, its whole JSON (or the title given) kept
/// in the tooltip, both HTML-encoded.</summary>
public class When_an_offset_is_shown
{
    [Fact]
    public void Should_describe_it_and_keep_the_json_as_the_title()
    {
        Html.Offset("""{"lastDate":"<2024>"}""").Should()
            .Be("<code title=\"{&quot;lastDate&quot;:&quot;&lt;2024&gt;&quot;}\">lastDate: &lt;2024&gt;</code>");
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
