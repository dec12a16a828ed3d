using MassTransit;
using MassTransit.Configuration;

namespace EcommerceLake.PubSub.Configuration;

/// <summary>The bus factory configurator of the Pub/Sub transport (MassTransit's <see cref="BusFactoryConfigurator"/>).
/// </summary>
public sealed class PubSubBusFactoryConfigurator : BusFactoryConfigurator, IPubSubBusFactoryConfigurator, IBusFactory
{
    private readonly PubSubBusConfiguration _bus;
    private readonly PubSubHostConfiguration _host;

    /// <summary>A configurator of <paramref name="bus"/>.</summary>
    public PubSubBusFactoryConfigurator(PubSubBusConfiguration bus)
        : base(bus)
    {
        _bus = bus;
        _host = bus.HostConfiguration;
        bus.BusEndpointConfiguration.Consume.Configurator.AutoStart = true;
    }

    /// <inheritdoc />
    public PubSubOptions Options => _host.Options;

    /// <inheritdoc />
    public IReceiveEndpointConfiguration CreateBusEndpointConfiguration(Action<IReceiveEndpointConfigurator> configure)
    {
        var name = _bus.Topology.Consume.CreateTemporaryQueueName("bus");
        return _host.CreateReceiveEndpointConfiguration(name, _bus.BusEndpointConfiguration, true, configure);
    }

    /// <inheritdoc />
    public void ReceiveEndpoint(IEndpointDefinition definition, IEndpointNameFormatter? endpointNameFormatter,
        Action<IPubSubReceiveEndpointConfigurator>? configureEndpoint = null) =>
        _host.ReceiveEndpoint(definition, endpointNameFormatter, configureEndpoint);

    /// <inheritdoc />
    public void ReceiveEndpoint(IEndpointDefinition definition, IEndpointNameFormatter? endpointNameFormatter,
        Action<IReceiveEndpointConfigurator>? configureEndpoint = null) =>
        _host.ReceiveEndpoint(definition, endpointNameFormatter, configureEndpoint);

    /// <inheritdoc />
    public void ReceiveEndpoint(string queueName, Action<IPubSubReceiveEndpointConfigurator> configureEndpoint) =>
        _host.ReceiveEndpoint(queueName, configureEndpoint);

    /// <inheritdoc />
    public void ReceiveEndpoint(string queueName, Action<IReceiveEndpointConfigurator> configureEndpoint) =>
        _host.ReceiveEndpoint(queueName, configureEndpoint);
}
