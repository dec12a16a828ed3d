using EcommerceLake.PubSub.Topology;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.PubSub.Tests.Topology;

public sealed class When_resource_names_are_made
{
    [Theory]
    [InlineData("", "extract-stream", "extract-stream")]
    [InlineData("t1-", "extract-stream", "t1-extract-stream")]
    [InlineData("", "EcommerceLake.Contracts.ExtractStream", "EcommerceLake.Contracts.ExtractStream")]
    [InlineData("", "host_dotnet_bus_abc$def", "host_dotnet_bus_abc-def")]
    [InlineData("", "1abc", "m-1abc")]
    [InlineData("", "google-topic", "m-google-topic")]
    [InlineData("", "a", "a--")]
    public void Should_follow_pubsub_resource_name_rules(string prefix, string logical, string expected) =>
        new PubSubNames(prefix).Resource(logical).Should().Be(expected);

    [Fact]
    public void Should_cut_long_names_and_keep_them_distinct()
    {
        var names = new PubSubNames("");
        var a = names.Resource(new string('a', 300) + "1");
        var b = names.Resource(new string('a', 300) + "2");
        a.Should().HaveLength(PubSubNames.MaxLength);
        b.Should().HaveLength(PubSubNames.MaxLength);
        a.Should().NotBe(b);
    }

    [Fact]
    public void Should_name_message_topics_from_their_urn() =>
        PubSubNames.MessageTopic("urn:message:EcommerceLake.Contracts:ExtractStream")
            .Should().Be("EcommerceLake.Contracts.ExtractStream");

    [Fact]
    public void Should_name_type_subscriptions_and_dead_letter_topics_per_endpoint()
    {
        var names = new PubSubNames("env-");
        names.TypeSubscription("ingestion", "EcommerceLake.Contracts.ExtractStream")
            .Should().Be("env-ingestion.EcommerceLake.Contracts.ExtractStream");
        names.DeadLetter("ingestion").Should().Be("env-ingestion_dead-letter");
    }

    [Theory]
    [InlineData("queue:orders", "pubsub://p1-project/orders", false)]
    [InlineData("topic:Ns.Type", "pubsub://p1-project/Ns.Type?kind=topic", true)]
    [InlineData("pubsub://p1-project/orders", "pubsub://p1-project/orders", false)]
    public void Should_normalize_short_addresses(string address, string expected, bool topic)
    {
        var host = PubSubAddress.Host("p1-project");
        PubSubAddress.Normalize(host, new Uri(address)).ToString().Should().Be(expected);
        PubSubAddress.Parse(new Uri(address)).IsTopic.Should().Be(topic);
    }
}
