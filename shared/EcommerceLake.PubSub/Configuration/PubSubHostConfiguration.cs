using EcommerceLake.PubSub.Rest;
using EcommerceLake.PubSub.Topology;
using EcommerceLake.PubSub.Transport;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Transports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceLake.PubSub.Configuration;

/// <summary>
/// The Pub/Sub host: its address (<c>pubsub://{project}/</c>), topology, REST client, the cache of created topics and
/// subscriptions, and the receive endpoints configured on it.
/// </summary>
public sealed class PubSubHostConfiguration
    : BaseHostConfiguration<PubSubReceiveEndpointConfiguration, IPubSubReceiveEndpointConfigurator>
{
    private readonly PubSubBusConfiguration _busConfiguration;
    private readonly PubSubBusTopology _topology;
    private PubSubRestClient? _client;
    private PubSubProvisioner? _provisioner;

    /// <summary>The host of <paramref name="busConfiguration"/> with <paramref name="options"/>.</summary>
    public PubSubHostConfiguration(PubSubBusConfiguration busConfiguration, PubSubOptions options)
        : base(busConfiguration)
    {
        _busConfiguration = busConfiguration;
        Options = options;
        Names = new PubSubNames(options.Prefix);
        HostAddress = PubSubAddress.Host(options.ProjectId is { Length: > 0 } p ? p : "unset-project");
        _topology = new PubSubBusTopology(this, busConfiguration.Topology);
        ReceiveTransportRetryPolicy = Retry.CreatePolicy(x =>
        {
            x.Handle<PubSubException>();
            x.Handle<HttpRequestException>();
            x.Exponential(1000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
        });
    }

    /// <summary>The transport's settings.</summary>
    public PubSubOptions Options { get; }

    /// <summary>Resource naming with the configured prefix.</summary>
    public PubSubNames Names { get; }

    /// <summary>Logger of the transport's own events (pull failures, releases on shutdown).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>The clock of the lease extensions (the container's <see cref="TimeProvider"/>, else the system's).
    /// </summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>The REST client; set when the bus is created from the container.</summary>
    /// <exception cref="InvalidOperationException">Read before it was set.</exception>
    public PubSubRestClient Client
    {
        get => _client ?? throw new InvalidOperationException("The Pub/Sub REST client was not set on the host.");
        set
        {
            _client = value;
            _provisioner = new PubSubProvisioner(value, Names, Options);
        }
    }

    /// <summary>Creates topics and subscriptions once per bus.</summary>
    public PubSubProvisioner Provisioner =>
        _provisioner ?? throw new InvalidOperationException("The Pub/Sub REST client was not set on the host.");

    /// <inheritdoc />
    public override Uri HostAddress { get; }

    /// <inheritdoc />
    public override IBusTopology Topology => _topology;

    /// <inheritdoc />
    public override IRetryPolicy ReceiveTransportRetryPolicy { get; }

    /// <summary>Adds a receive endpoint called <paramref name="queueName"/> configured by
    /// <paramref name="configure"/>.</summary>
    public PubSubReceiveEndpointConfiguration CreateReceiveEndpointConfiguration(string queueName,
        PubSubEndpointConfiguration endpointConfiguration, bool temporary,
        Action<IPubSubReceiveEndpointConfigurator>? configure)
    {
        if (string.IsNullOrWhiteSpace(queueName))
            throw new ArgumentException("An endpoint name is required.", nameof(queueName));
        var configuration = new PubSubReceiveEndpointConfiguration(this, queueName, endpointConfiguration, temporary);
        configure?.Invoke(configuration);
        Observers.EndpointConfigured(configuration);
        Add(configuration);
        return configuration;
    }

    /// <inheritdoc />
    public override IReceiveEndpointConfiguration CreateReceiveEndpointConfiguration(string queueName,
        Action<IReceiveEndpointConfigurator>? configure) =>
        CreateReceiveEndpointConfiguration(queueName, _busConfiguration.CreateEndpointConfiguration(), false,
            configure);

    /// <inheritdoc />
    public override void ReceiveEndpoint(IEndpointDefinition definition, IEndpointNameFormatter? endpointNameFormatter,
        Action<IPubSubReceiveEndpointConfigurator>? configureEndpoint = null)
    {
        var queueName = definition.GetEndpointName(endpointNameFormatter ?? DefaultEndpointNameFormatter.Instance);
        ReceiveEndpoint(queueName, configurator =>
        {
            ApplyEndpointDefinition(configurator, definition);
            configureEndpoint?.Invoke(configurator);
        });
    }

    /// <inheritdoc />
    public override void ReceiveEndpoint(string queueName,
        Action<IPubSubReceiveEndpointConfigurator> configureEndpoint) =>
        CreateReceiveEndpointConfiguration(queueName, _busConfiguration.CreateEndpointConfiguration(), false,
            configureEndpoint);

    /// <summary>Applies an endpoint definition (for <see cref="PubSubHost"/>).</summary>
    internal void Apply(IReceiveEndpointConfigurator configurator, IEndpointDefinition definition) =>
        ApplyEndpointDefinition(configurator, definition);

    /// <inheritdoc />
    public override IHost Build()
    {
        var host = new PubSubHost(this, _topology);
        foreach (var endpoint in GetConfiguredEndpoints()) endpoint.Build(host);
        return host;
    }
}

/// <summary>The bus topology of the Pub/Sub host.</summary>
public sealed class PubSubBusTopology(IHostConfiguration host, ITopologyConfiguration topology)
    : BusTopology(host, topology);
