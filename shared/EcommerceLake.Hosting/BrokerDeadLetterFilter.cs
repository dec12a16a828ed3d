using EcommerceLake.PubSub.Transport;
using MassTransit;

namespace EcommerceLake.Hosting;

/// <summary>
/// Bus-wide consume filter, ahead of the retries: a message that carries Pub/Sub's dead-letter attributes
/// (<see cref="PubSubAttributes.DeadLetterSourceSubscription"/>; the Pub/Sub transport pulls every endpoint's
/// <c>{endpoint}_dead-letter</c> subscription) is not consumed again — it crashed or stalled its consumer on every
/// delivery — but fails at once with <see cref="BrokerDeadLetteredException"/>, so the endpoint's error pipe publishes
/// its fault and its <c>MessageDeadLettered</c> notice (a <c>dead-letter</c> alert) and moves it to
/// <c>{endpoint}_error</c> with every other message given up on. Every other message passes through.
/// </summary>
public sealed class BrokerDeadLetterFilter : IFilter<ConsumeContext>
{
    /// <inheritdoc />
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        var headers = context.ReceiveContext.TransportHeaders;
        return headers.TryGetHeader(PubSubAttributes.DeadLetterSourceSubscription, out var subscription)
            ? throw new BrokerDeadLetteredException(subscription?.ToString() ?? "?",
                headers.Get<string>(PubSubAttributes.DeadLetterSourceDeliveryCount))
            : next.Send(context);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("brokerDeadLetter");
}
