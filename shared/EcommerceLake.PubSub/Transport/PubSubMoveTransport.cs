using EcommerceLake.PubSub.Configuration;
using MassTransit;
using MassTransit.Transports;

namespace EcommerceLake.PubSub.Transport;

/// <summary>
/// MassTransit's <c>_error</c> (faulted after retries) and <c>_skipped</c> (no consumer) moves on Pub/Sub: the received
/// data and transport headers, plus the fault's headers or the skip reason, published to the endpoint's
/// <c>{endpoint}_error</c> or <c>{endpoint}_skipped</c> topic, which has a subscription of the same name. The topic is
/// created on first use.
/// </summary>
public sealed class PubSubMoveTransport(PubSubHostConfiguration host, string logicalName)
    : IErrorTransport, IDeadLetterTransport
{
    /// <inheritdoc />
    public Task Send(ExceptionReceiveContext context) =>
        MoveAsync(context, attributes =>
        {
            foreach (var header in context.ExceptionHeaders.GetAll())
                PubSubAttributes.Set(attributes, header.Key, header.Value);
        });

    /// <inheritdoc />
    public Task Send(ReceiveContext context, string reason) =>
        MoveAsync(context, attributes => attributes[MessageHeaders.Reason] = reason ?? "Unspecified");

    private async Task MoveAsync(ReceiveContext context, Action<Dictionary<string, string>> add)
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
