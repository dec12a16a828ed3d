using System.Diagnostics.CodeAnalysis;
using MassTransit;
using MassTransit.Topology;

namespace EcommerceLake.PubSub.Topology;

/// <summary>Publish topology: a published message type is a topic named by the message topology's entity name
/// (<see cref="PubSubEntityNameFormatter"/>); its publish address is <c>pubsub://{project}/{entity}?kind=topic</c>.
/// </summary>
public sealed class PubSubPublishTopology(IMessageTopology messageTopology) : PublishTopology
{
    /// <inheritdoc />
    protected override IMessagePublishTopologyConfigurator CreateMessageTopology<T>()
    {
        var topology = new PubSubMessagePublishTopology<T>(this, messageTopology.GetMessageTopology<T>());
        OnMessageTopologyCreated(topology);
        return topology;
    }
}

/// <summary>The publish topology of message type <typeparamref name="T"/>: its topic address.</summary>
public sealed class PubSubMessagePublishTopology<T>(IPublishTopology publishTopology, IMessageTopology<T> message)
    : MessagePublishTopology<T>(publishTopology)
    where T : class
{
    /// <inheritdoc />
    public override bool TryGetPublishAddress(Uri baseAddress, [NotNullWhen(true)] out Uri? publishAddress)
    {
        publishAddress = PubSubAddress.Topic(baseAddress, message.EntityName);
        return true;
    }
}

/// <summary>Consume topology with Pub/Sub's 255-character name limit for temporary endpoints.</summary>
public sealed class PubSubConsumeTopology() : ConsumeTopology(PubSubNames.MaxLength - 20);
