using MassTransit;

namespace EcommerceLake.PubSub.Configuration;

/// <summary>Configures a bus on the Pub/Sub transport (<see cref="PubSubConfigurationExtensions.UsingPubSub"/>): the
/// MassTransit bus settings plus receive endpoints of <see cref="IPubSubReceiveEndpointConfigurator"/>.</summary>
public interface IPubSubBusFactoryConfigurator : IBusFactoryConfigurator<IPubSubReceiveEndpointConfigurator>
{
    /// <summary>The transport's settings (<c>Bus:PubSub</c>); read-only once the bus is built.</summary>
    PubSubOptions Options { get; }
}

/// <summary>A receive endpoint on Pub/Sub: a topic (for messages sent to the endpoint) with one subscription shared
/// by every instance of the service, plus one subscription per consumed message type's topic.</summary>
public interface IPubSubReceiveEndpointConfigurator : IReceiveEndpointConfigurator
{
}
