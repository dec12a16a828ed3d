using MassTransit;
using MassTransit.Configuration;
using MassTransit.Observables;

namespace EcommerceLake.PubSub.Configuration;

/// <summary>The bus configuration: its host (<see cref="PubSubHostConfiguration"/>), the bus endpoint and
/// observers.</summary>
public sealed class PubSubBusConfiguration : PubSubEndpointConfiguration, IBusConfiguration
{
    private readonly BusObservable _busObservers = new();

    /// <summary>A bus of <paramref name="options"/> (the project id is required).</summary>
    public PubSubBusConfiguration(PubSubOptions options)
        : base(new PubSubTopologyConfiguration(PubSubTopologyConfiguration.CreateMessageTopology()))
    {
        HostConfiguration = new PubSubHostConfiguration(this, options);
        BusEndpointConfiguration = CreateEndpointConfiguration(true);
    }

    /// <summary>The host configuration.</summary>
    public PubSubHostConfiguration HostConfiguration { get; }

    /// <summary>The bus endpoint's configuration.</summary>
    public PubSubEndpointConfiguration BusEndpointConfiguration { get; }

    IHostConfiguration IBusConfiguration.HostConfiguration => HostConfiguration;

    IEndpointConfiguration IBusConfiguration.BusEndpointConfiguration => BusEndpointConfiguration;

    IBusObserver IBusConfiguration.BusObservers => _busObservers;

    /// <inheritdoc />
    public ConnectHandle ConnectBusObserver(IBusObserver observer) => _busObservers.Connect(observer);

    /// <inheritdoc />
    public ConnectHandle ConnectEndpointConfigurationObserver(IEndpointConfigurationObserver observer) =>
        HostConfiguration.ConnectEndpointConfigurationObserver(observer);
}
