using EcommerceLake.PubSub.Topology;
using EcommerceLake.PubSub.Transport;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Transports;

namespace EcommerceLake.PubSub.Configuration;

/// <summary>
/// One receive endpoint: its logical name, the message types it consumes (each a topic it subscribes to, collected
/// by <see cref="PubSubReceiveEndpointBuilder"/>), and whether it is the bus's temporary endpoint (its subscription
/// expires after a day unused and is deleted when the bus stops).
/// </summary>
public sealed class PubSubReceiveEndpointConfiguration : ReceiveEndpointConfiguration,
    IPubSubReceiveEndpointConfigurator
{
    private readonly PubSubHostConfiguration _host;
    private readonly HashSet<string> _messageTopics = new(StringComparer.Ordinal);

    /// <summary>Endpoint <paramref name="queueName"/> on <paramref name="host"/>.</summary>
    public PubSubReceiveEndpointConfiguration(PubSubHostConfiguration host, string queueName,
        PubSubEndpointConfiguration endpointConfiguration, bool temporary)
        : base(host, endpointConfiguration)
    {
        _host = host;
        QueueName = queueName;
        IsTemporary = temporary;
        HostAddress = host.HostAddress;
        InputAddress = PubSubAddress.Endpoint(host.HostAddress, queueName);
    }

    /// <summary>The endpoint's logical name (topic and shared subscription before prefixing).</summary>
    public string QueueName { get; }

    /// <summary>True for the bus's own temporary endpoint.</summary>
    public bool IsTemporary { get; }

    /// <summary>Logical topic names of the consumed message types.</summary>
    public IReadOnlyCollection<string> MessageTopics
    {
        get
        {
            lock (_messageTopics) return _messageTopics.ToArray();
        }
    }

    /// <inheritdoc />
    public override Uri HostAddress { get; }

    /// <inheritdoc />
    public override Uri InputAddress { get; }

    /// <summary>Subscribes the endpoint to the topic of <paramref name="entityName"/> (a message type's entity
    /// name).</summary>
    public void Subscribe(string entityName)
    {
        lock (_messageTopics) _messageTopics.Add(entityName);
    }

    /// <inheritdoc />
    public override ReceiveEndpointContext CreateReceiveEndpointContext() => CreateContext();

    /// <summary>Builds the endpoint and adds it to <paramref name="host"/>.</summary>
    public void Build(IHost host)
    {
        var context = CreateContext();
        var transport = new PubSubReceiveTransport(_host, this, context);
        var endpoint = new ReceiveEndpoint(transport, context);
        host.AddReceiveEndpoint(QueueName, endpoint);
        ReceiveEndpoint = endpoint;
    }

    private PubSubReceiveEndpointContext CreateContext()
    {
        var builder = new PubSubReceiveEndpointBuilder(_host, this);
        ApplySpecifications(builder);
        return builder.CreateReceiveEndpointContext();
    }
}

/// <summary>Builds a receive endpoint; each consume pipe connected with topology on subscribes the endpoint to its
/// message type's topic.</summary>
public sealed class PubSubReceiveEndpointBuilder(
    PubSubHostConfiguration host, PubSubReceiveEndpointConfiguration configuration)
    : ReceiveEndpointBuilder(configuration)
{
    /// <inheritdoc />
    public override ConnectHandle ConnectConsumePipe<T>(IPipe<ConsumeContext<T>> pipe, ConnectPipeOptions options)
    {
        if (configuration.ConfigureConsumeTopology && options.HasFlag(ConnectPipeOptions.ConfigureConsumeTopology)
            && configuration.Topology.Consume.GetMessageTopology<T>().ConfigureConsumeTopology)
            configuration.Subscribe(configuration.Topology.Message.GetMessageTopology<T>().EntityName);
        return base.ConnectConsumePipe(pipe, options);
    }

    /// <summary>The endpoint's context.</summary>
    public PubSubReceiveEndpointContext CreateReceiveEndpointContext()
    {
        var context = new PubSubReceiveEndpointContext(host, configuration);
        context.GetOrAddPayload(() => host.Topology);
        return context;
    }
}
