using EcommerceLake.PubSub.Configuration;
using MassTransit;
using MassTransit.Transports;

namespace EcommerceLake.PubSub.Transport;

/// <summary>
/// The receive side of one endpoint: on start it creates the endpoint's topics and subscriptions
/// (<see cref="PubSubProvisioner"/>), registers the <c>_error</c> and <c>_skipped</c> moves, and runs a
/// <see cref="PubSubConsumer"/> that pulls from every subscription of the endpoint.
/// </summary>
public sealed class PubSubReceiveTransport(
    PubSubHostConfiguration host, PubSubReceiveEndpointConfiguration configuration,
    PubSubReceiveEndpointContext context) : IReceiveTransport
{
    /// <inheritdoc />
    public void Probe(ProbeContext probe)
    {
        var scope = probe.CreateScope("receiveTransport");
        scope.Add("type", "Google Cloud Pub/Sub");
        scope.Set(new { Address = context.InputAddress, context.PrefetchCount, context.ConcurrentMessageLimit });
    }

    /// <inheritdoc />
    public ReceiveTransportHandle Start()
    {
        IErrorTransport error = new PubSubErrorTransport(host,
            configuration.Topology.Send.ErrorQueueNameFormatter.FormatErrorQueueName(configuration.QueueName));
        context.AddOrUpdatePayload(() => error, _ => error);
        IDeadLetterTransport skipped = new PubSubDeadLetterTransport(host,
            configuration.Topology.Send.DeadLetterQueueNameFormatter
                .FormatDeadLetterQueueName(configuration.QueueName));
        context.AddOrUpdatePayload(() => skipped, _ => skipped);
        return new PubSubConsumer(host, configuration, context);
    }

    /// <inheritdoc />
    public ConnectHandle ConnectReceiveObserver(IReceiveObserver observer) => context.ConnectReceiveObserver(observer);

    /// <inheritdoc />
    public ConnectHandle ConnectReceiveTransportObserver(IReceiveTransportObserver observer) =>
        context.ConnectReceiveTransportObserver(observer);

    /// <inheritdoc />
    public ConnectHandle ConnectPublishObserver(IPublishObserver observer) => context.ConnectPublishObserver(observer);

    /// <inheritdoc />
    public ConnectHandle ConnectSendObserver(ISendObserver observer) => context.ConnectSendObserver(observer);
}
