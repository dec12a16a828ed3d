using MassTransit;
using MassTransit.Transports;

namespace EcommerceLake.PubSub.Configuration;

/// <summary>The running Pub/Sub host: holds the receive endpoints and connects new ones after start.</summary>
public sealed class PubSubHost : BaseHost, IHost<IPubSubReceiveEndpointConfigurator>
{
    private readonly PubSubHostConfiguration _configuration;

    /// <summary>A host of <paramref name="configuration"/>.</summary>
    public PubSubHost(PubSubHostConfiguration configuration, IBusTopology topology)
        : base(configuration, topology)
    {
        _configuration = configuration;
    }

    /// <inheritdoc />
    public override HostReceiveEndpointHandle ConnectReceiveEndpoint(IEndpointDefinition definition,
        IEndpointNameFormatter? endpointNameFormatter,
        Action<IReceiveEndpointConfigurator>? configureEndpoint = null) =>
        ConnectReceiveEndpoint(definition, endpointNameFormatter,
            (Action<IPubSubReceiveEndpointConfigurator>?)configureEndpoint);

    /// <inheritdoc />
    public HostReceiveEndpointHandle ConnectReceiveEndpoint(IEndpointDefinition definition,
        IEndpointNameFormatter? endpointNameFormatter,
        Action<IPubSubReceiveEndpointConfigurator>? configureEndpoint = null)
    {
        var queueName = definition.GetEndpointName(endpointNameFormatter ?? DefaultEndpointNameFormatter.Instance);
        return ConnectReceiveEndpoint(queueName, configurator =>
        {
            _configuration.Apply(configurator, definition);
            configureEndpoint?.Invoke(configurator);
        });
    }

    /// <inheritdoc />
    public override HostReceiveEndpointHandle ConnectReceiveEndpoint(string queueName,
        Action<IReceiveEndpointConfigurator>? configureEndpoint = null) =>
        ConnectReceiveEndpoint(queueName, (Action<IPubSubReceiveEndpointConfigurator>?)configureEndpoint);

    /// <inheritdoc />
    public HostReceiveEndpointHandle ConnectReceiveEndpoint(string queueName,
        Action<IPubSubReceiveEndpointConfigurator>? configure = null)
    {
        LogContext.SetCurrentIfNull(_configuration.LogContext);
        var configuration = _configuration.CreateReceiveEndpointConfiguration(queueName,
            ((PubSubBusConfiguration)_configuration.BusConfiguration).CreateEndpointConfiguration(), false, configure);
        configuration.Validate().ThrowIfContainsFailure("The receive endpoint configuration is invalid:");
        configuration.Build(this);
        return ReceiveEndpoints.Start(queueName);
    }

    /// <inheritdoc />
    protected override void Probe(ProbeContext context)
    {
        context.Add("type", "Google Cloud Pub/Sub");
        context.Add("baseAddress", _configuration.HostAddress);
        context.Add("prefix", _configuration.Options.Prefix);
    }
}
