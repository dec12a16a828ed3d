using EcommerceLake.PubSub.Rest;
using MassTransit;
using MassTransit.Transports;

namespace EcommerceLake.PubSub.Transport;

/// <summary>
/// A pulled message as MassTransit's receive context: the data as the body, the attributes as transport headers, and
/// redelivered when Pub/Sub's <c>deliveryAttempt</c> is above 1. The <see cref="ReceivedMessage"/> is a payload.
/// </summary>
public sealed class PubSubReceiveContext : BaseReceiveContext
{
    private readonly DictionaryHeaderProvider _headers;

    /// <summary>The context of <paramref name="message"/> pulled from <paramref name="subscription"/>.</summary>
    public PubSubReceiveContext(ReceivedMessage message, string subscription, ReceiveEndpointContext endpoint)
        : base(message.DeliveryAttempt > 1, endpoint, message)
    {
        Message = message;
        Subscription = subscription;
        Body = new BytesMessageBody(message.Data);
        var headers = message.Attributes.ToDictionary(a => a.Key, a => (object)a.Value, StringComparer.Ordinal);
        if (message.DeliveryAttempt > 1) headers[MessageHeaders.RedeliveryCount] = message.DeliveryAttempt - 1;
        _headers = new DictionaryHeaderProvider(headers);
    }

    /// <summary>The pulled message.</summary>
    public ReceivedMessage Message { get; }

    /// <summary>The subscription it came from (resource name).</summary>
    public string Subscription { get; }

    /// <inheritdoc />
    protected override IHeaderProvider HeaderProvider => _headers;

    /// <inheritdoc />
    public override MessageBody Body { get; }
}
