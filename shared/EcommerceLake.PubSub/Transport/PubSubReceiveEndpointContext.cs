using EcommerceLake.PubSub.Configuration;
using MassTransit;
using MassTransit.Transports;

namespace EcommerceLake.PubSub.Transport;

/// <summary>The receive endpoint's context: its send and publish transports over Pub/Sub.</summary>
public sealed class PubSubReceiveEndpointContext(
    PubSubHostConfiguration host, PubSubReceiveEndpointConfiguration configuration)
    : BaseReceiveEndpointContext(host, configuration)
{
    /// <summary>The endpoint's configuration.</summary>
    public PubSubReceiveEndpointConfiguration Configuration { get; } = configuration;

    /// <inheritdoc />
    public override void AddSendAgent(IAgent agent) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void AddConsumeAgent(IAgent agent) => throw new NotSupportedException();

    /// <inheritdoc />
    public override Exception ConvertException(Exception exception, string message) => exception;

    /// <inheritdoc />
    protected override ISendTransportProvider CreateSendTransportProvider() =>
        new PubSubSendTransportProvider(host, this);

    /// <inheritdoc />
    protected override IPublishTransportProvider CreatePublishTransportProvider() =>
        new PubSubSendTransportProvider(host, this);
}
