using EcommerceLake.PubSub.Configuration;
using MassTransit;
using MassTransit.Transports;

namespace EcommerceLake.PubSub.Transport;

/// <summary>
/// MassTransit's <c>_error</c> (faulted after retries) and <c>_skipped</c> (no consumer) moves on Pub/Sub: the received
/// data and transport headers, plus the fault's headers or the skip reason, published to the endpoint's
/// <c>{endpoint}_error</c> or <c>{endpoint}_skipped</c> topic, which has a subscription of the same name. The topic is
/// created on first use. (Two classes, one interface each: MassTransit finds payloads by type, so one object serving
/// both would shadow the other.)
/// </summary>
public abstract class PubSubMoveTransport(PubSubHostConfiguration host, string logicalName)
{
    /// <summary>Publishes the received message with its headers, plus those <paramref name="add"/> adds.</summary>
    protected async Task MoveAsync(ReceiveContext context, Action<Dictionary<string, string>> add)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in context.TransportHeaders.GetAll())
            PubSubAttributes.Set(attributes, header.Key, header.Value);
        add(attributes);
        var message = PubSubAttributes.Fit(context.GetBody(), attributes,
            context.ContentType?.MediaType ?? "received");
        var topic = await host.Provisioner.EnsureQueueAsync(logicalName).ConfigureAwait(false);
        await host.Client.PublishAsync(topic, [message], CancellationToken.None).ConfigureAwait(false);
    }
}

/// <summary>Moves faulted messages to <c>{endpoint}_error</c> with the fault's headers.</summary>
public sealed class PubSubErrorTransport(PubSubHostConfiguration host, string logicalName)
    : PubSubMoveTransport(host, logicalName), IErrorTransport
{
    /// <inheritdoc />
    public Task Send(ExceptionReceiveContext context) =>
        MoveAsync(context, attributes =>
        {
            foreach (var header in context.ExceptionHeaders.GetAll())
                PubSubAttributes.Set(attributes, header.Key, header.Value);
        });
}

/// <summary>Moves skipped messages (no consumer) to <c>{endpoint}_skipped</c> with the reason.</summary>
public sealed class PubSubDeadLetterTransport(PubSubHostConfiguration host, string logicalName)
    : PubSubMoveTransport(host, logicalName), IDeadLetterTransport
{
    /// <inheritdoc />
    public Task Send(ReceiveContext context, string reason) =>
        MoveAsync(context, attributes => attributes[MessageHeaders.Reason] = reason ?? "Unspecified");
}
