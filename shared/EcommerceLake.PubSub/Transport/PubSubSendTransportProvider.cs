using EcommerceLake.PubSub.Configuration;
using EcommerceLake.PubSub.Topology;
using MassTransit;
using MassTransit.Transports;

namespace EcommerceLake.PubSub.Transport;

/// <summary>
/// Send and publish transports: sending to endpoint <c>e</c> publishes to topic <c>e</c> (creating the endpoint's topic
/// and shared subscription first, so a message sent before its consumer started waits for it); publishing message
/// type <c>T</c> publishes to <c>T</c>'s topic (created when missing; without subscriptions Pub/Sub keeps nothing, as
/// an unbound exchange would).
/// </summary>
public sealed class PubSubSendTransportProvider(PubSubHostConfiguration host, ReceiveEndpointContext context)
    : ISendTransportProvider, IPublishTransportProvider
{
    /// <inheritdoc />
    public Uri NormalizeAddress(Uri address) => PubSubAddress.Normalize(host.HostAddress, address);

    /// <inheritdoc />
    public Task<ISendTransport> GetSendTransport(Uri address)
    {
        var (name, isTopic) = PubSubAddress.Parse(address);
        var provisioner = host.Provisioner;
        Func<Task<string>> ensure = isTopic
            ? () => provisioner.EnsureTopicAsync(name)
            : () => provisioner.EnsureEndpointAsync(name);
        var transportContext = new PubSubSendTransportContext(host, context.Serialization, name, ensure);
        return Task.FromResult<ISendTransport>(new SendTransport<PipeContext>(transportContext));
    }

    /// <inheritdoc />
    public Task<ISendTransport> GetPublishTransport<T>(Uri? publishAddress)
        where T : class
    {
        var address = publishAddress
                      ?? PubSubAddress.Topic(host.HostAddress, host.Topology.Message<T>().EntityName);
        return GetSendTransport(address);
    }
}
