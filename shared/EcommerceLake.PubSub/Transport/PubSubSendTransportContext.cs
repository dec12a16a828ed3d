using EcommerceLake.PubSub.Configuration;
using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Transports;

namespace EcommerceLake.PubSub.Transport;

/// <summary>
/// Sends to one topic: serializes the message (MassTransit's serializer), maps its headers to attributes
/// (<see cref="PubSubAttributes"/>), checks Pub/Sub's limits, makes sure the topic exists and publishes it with
/// <c>topics.publish</c>.
/// </summary>
/// <exception cref="Rest.MessageTooLargeException">From a send over Pub/Sub's limits (not retried).</exception>
public sealed class PubSubSendTransportContext(
    PubSubHostConfiguration host, ISerialization serialization, string logicalName, Func<Task<string>> ensureTopic)
    : BaseSendTransportContext(host, serialization), SendTransportContext<PipeContext>
{
    /// <inheritdoc />
    public override string EntityName => logicalName;

    /// <inheritdoc />
    public override string ActivitySystem => "gcp_pubsub";

    /// <inheritdoc />
    public override async Task<SendContext<T>> CreateSendContext<T>(T message, IPipe<SendContext<T>> pipe,
        CancellationToken cancellationToken)
    {
        var context = new MessageSendContext<T>(message, cancellationToken);
        await pipe.Send(context).ConfigureAwait(false);
        return context;
    }

    /// <inheritdoc />
    public Task<SendContext<T>> CreateSendContext<T>(PipeContext context, T message, IPipe<SendContext<T>> pipe,
        CancellationToken cancellationToken)
        where T : class => CreateSendContext(message, pipe, cancellationToken);

    /// <inheritdoc />
    public async Task Send<T>(PipeContext transportContext, SendContext<T> sendContext)
        where T : class
    {
        sendContext.CancellationToken.ThrowIfCancellationRequested();
        var context = sendContext as MessageSendContext<T>
                      ?? throw new ArgumentException("Invalid SendContext<T> type", nameof(sendContext));
        var data = context.Body.GetBytes();
        sendContext.MessageId ??= NewId.NextGuid();
        var message = PubSubAttributes.Fit(data, PubSubAttributes.FromSendContext(sendContext),
            TypeCache<T>.ShortName);
        var topic = await ensureTopic().ConfigureAwait(false);
        await host.Client.PublishAsync(topic, [message], sendContext.CancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task Send(IPipe<PipeContext> pipe, CancellationToken cancellationToken = default) =>
        pipe.Send(new Context(cancellationToken));

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.Add("topic", logicalName);

    private sealed class Context(CancellationToken cancellationToken) : BasePipeContext(cancellationToken);
}
