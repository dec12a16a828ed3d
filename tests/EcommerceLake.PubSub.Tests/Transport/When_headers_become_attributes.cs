using System.Text;
using EcommerceLake.PubSub.Rest;
using EcommerceLake.PubSub.Transport;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.PubSub.Tests.Transport;

public sealed class When_headers_become_attributes
{
    [Fact]
    public void Should_cut_values_over_1024_bytes_to_fit()
    {
        var attributes = new Dictionary<string, string> { ["MT-Fault-StackTrace"] = new string('é', 2000) };
        var message = PubSubAttributes.Fit([1, 2, 3], attributes, "ExtractStream");
        var value = message.Attributes["MT-Fault-StackTrace"];
        Encoding.UTF8.GetByteCount(value).Should().BeLessThanOrEqualTo(PubSubAttributes.MaxValueBytes);
        value.Should().EndWith("…");
    }

    [Fact]
    public void Should_refuse_more_than_100_attributes_naming_the_limit()
    {
        var attributes = Enumerable.Range(0, 101).ToDictionary(i => $"h{i}", i => "v");
        var act = () => PubSubAttributes.Fit([], attributes, "ExtractStream");
        act.Should().Throw<MessageTooLargeException>().WithMessage("*ExtractStream*at most 100 attributes*");
    }

    [Fact]
    public void Should_refuse_a_key_over_256_bytes()
    {
        var attributes = new Dictionary<string, string> { [new string('k', 257)] = "v" };
        var act = () => PubSubAttributes.Fit([], attributes, "ExtractStream");
        act.Should().Throw<MessageTooLargeException>().WithMessage("*at most 256 bytes*");
    }

    [Fact]
    public void Should_refuse_a_message_over_10_MB_naming_the_limit_and_the_type()
    {
        var act = () => PubSubAttributes.Fit(new byte[PubSubAttributes.MaxMessageBytes + 1],
            new Dictionary<string, string>(), "LoadStream");
        act.Should().Throw<MessageTooLargeException>().WithMessage("*LoadStream*10 MB*");
    }

    [Fact]
    public void Should_write_values_as_invariant_text()
    {
        var attributes = new Dictionary<string, string>();
        var id = Guid.NewGuid();
        PubSubAttributes.Set(attributes, "id", id);
        PubSubAttributes.Set(attributes, "n", 1.5);
        PubSubAttributes.Set(attributes, "at", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)));
        PubSubAttributes.Set(attributes, "none", null);
        attributes.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["id"] = id.ToString(), ["n"] = "1.5", ["at"] = "2026-01-02T02:04:05.0000000+00:00",
        });
    }
}
