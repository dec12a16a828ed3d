using EcommerceLake.PubSub.Rest;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.PubSub.Configuration;

/// <summary>Creates the bus from the container (<c>AddMassTransit</c>): the REST client comes from the named
/// <see cref="HttpClient"/> of <see cref="PubSubHttp"/>.</summary>
public sealed class PubSubRegistrationBusFactory : TransportRegistrationBusFactory<IPubSubReceiveEndpointConfigurator>
{
    private readonly PubSubBusConfiguration _bus;
    private readonly Action<IBusRegistrationContext, IPubSubBusFactoryConfigurator>? _configure;

    /// <summary>A factory of a bus with <paramref name="options"/>.</summary>
    public PubSubRegistrationBusFactory(PubSubOptions options,
        Action<IBusRegistrationContext, IPubSubBusFactoryConfigurator>? configure)
        : this(new PubSubBusConfiguration(options), configure)
    {
    }

    private PubSubRegistrationBusFactory(PubSubBusConfiguration bus,
        Action<IBusRegistrationContext, IPubSubBusFactoryConfigurator>? configure)
        : base(bus.HostConfiguration)
    {
        _bus = bus;
        _configure = configure;
    }

    /// <inheritdoc />
    public override IBusInstance CreateBus(IBusRegistrationContext context,
        IEnumerable<IBusInstanceSpecification> specifications, string busName)
    {
        var host = _bus.HostConfiguration;
        var options = host.Options;
        var problems = options.Problems().Select(p => $"{PubSubOptions.Section}:{p.Key}: {p.Message}").ToList();
        if (problems.Count > 0) throw new ConfigurationException(string.Join(" ", problems));
        host.Logger = context.GetRequiredService<ILoggerFactory>().CreateLogger("EcommerceLake.PubSub");
        host.Time = context.GetService<TimeProvider>() ?? TimeProvider.System;
        host.Client = new PubSubRestClient(
            context.GetRequiredService<IHttpClientFactory>().CreateClient(PubSubHttp.HttpClientName),
            options.ProjectId!);
        var configurator = new PubSubBusFactoryConfigurator(_bus);
        return CreateBus(configurator, context, _configure, specifications);
    }

    /// <inheritdoc />
    protected override IBusInstance CreateBusInstance(IBusControl bus,
        IHost<IPubSubReceiveEndpointConfigurator> host, IHostConfiguration hostConfiguration,
        IBusRegistrationContext context) =>
        new TransportBusInstance<IPubSubReceiveEndpointConfigurator>(bus, host, hostConfiguration, context);
}
