using EcommerceLake.PubSub.Topology;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Topology;

namespace EcommerceLake.PubSub.Configuration;

/// <summary>The bus's topologies: MassTransit's message and send topologies, <see cref="PubSubPublishTopology"/>, and
/// a consume topology per endpoint.</summary>
public sealed class PubSubTopologyConfiguration : ITopologyConfiguration
{
    private readonly IMessageTopologyConfigurator _message;
    private readonly ISendTopologyConfigurator _send;
    private readonly IPublishTopologyConfigurator _publish;
    private readonly PubSubConsumeTopology _consume;

    /// <summary>The bus-level topologies over <paramref name="message"/>.</summary>
    public PubSubTopologyConfiguration(IMessageTopologyConfigurator message)
    {
        _message = message;
        _send = new SendTopology();
        _send.ConnectSendTopologyConfigurationObserver(
            new DelegateSendTopologyConfigurationObserver(GlobalTopology.Send));
        _publish = new PubSubPublishTopology(message);
        _publish.ConnectPublishTopologyConfigurationObserver(
            new DelegatePublishTopologyConfigurationObserver(GlobalTopology.Publish));
        _publish.ConnectPublishTopologyConfigurationObserver(new PublishToSendTopologyConfigurationObserver(_send));
        _consume = new PubSubConsumeTopology();
    }

    /// <summary>An endpoint's topologies: the bus's message, send and publish topologies, its own consume
    /// one.</summary>
    public PubSubTopologyConfiguration(ITopologyConfiguration parent)
    {
        _message = parent.Message;
        _send = parent.Send;
        _publish = parent.Publish;
        _consume = new PubSubConsumeTopology();
    }

    /// <summary>The message topology of a new bus: entity names from <see cref="PubSubEntityNameFormatter"/>.</summary>
    public static IMessageTopologyConfigurator CreateMessageTopology() =>
        new MessageTopology(new PubSubEntityNameFormatter());

    /// <inheritdoc />
    public IMessageTopologyConfigurator Message => _message;

    /// <inheritdoc />
    public ISendTopologyConfigurator Send => _send;

    /// <inheritdoc />
    public IPublishTopologyConfigurator Publish => _publish;

    /// <inheritdoc />
    public IConsumeTopologyConfigurator Consume => _consume;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate() =>
        _send.Validate().Concat(_publish.Validate()).Concat(_consume.Validate());
}
