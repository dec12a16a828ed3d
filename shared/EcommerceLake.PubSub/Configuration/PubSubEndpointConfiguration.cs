using MassTransit.Configuration;

namespace EcommerceLake.PubSub.Configuration;

/// <summary>Endpoint configuration (MassTransit's <see cref="EndpointConfiguration"/>) whose children get their own
/// consume topology.</summary>
public class PubSubEndpointConfiguration : EndpointConfiguration
{
    private readonly ITopologyConfiguration _topology;

    /// <summary>The root configuration over <paramref name="topology"/>.</summary>
    protected PubSubEndpointConfiguration(ITopologyConfiguration topology)
        : base(topology)
    {
        _topology = topology;
    }

    private PubSubEndpointConfiguration(IEndpointConfiguration parent, ITopologyConfiguration topology,
        bool isBusEndpoint)
        : base(parent, topology, isBusEndpoint)
    {
        _topology = topology;
    }

    /// <summary>A child configuration for one receive endpoint.</summary>
    public PubSubEndpointConfiguration CreateEndpointConfiguration(bool isBusEndpoint = false) =>
        new(this, new PubSubTopologyConfiguration(_topology), isBusEndpoint);
}
