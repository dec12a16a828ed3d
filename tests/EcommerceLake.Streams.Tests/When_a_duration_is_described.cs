using FluentAssertions;
using Xunit;

namespace EcommerceLake.Streams.Tests;

/// <summary><see cref="DurationText.Describe"/> at each of its scales and their edges.</summary>
public class When_a_duration_is_described
{
    [Theory]
    [InlineData(0.85, "850 ms")]
    [InlineData(12.44, "12.4 s")]
    [InlineData(59.9, "59.9 s")]
    [InlineData(185.0, "3 min 05 s")]
    [InlineData(3600.0, "1 h 00 min")]
    [InlineData(86400.0, "1 day")]
    [InlineData(172830.0, "2 days")]
    [InlineData(93600.0, "26 h 00 min")]
    [InlineData(null, "—")]
    public void Should_read_at_the_scale_of_the_duration(double? seconds, string described) =>
        DurationText.Describe(seconds).Should().Be(described);
}
