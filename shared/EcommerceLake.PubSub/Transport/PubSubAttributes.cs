using System.Globalization;
using System.Text;
using EcommerceLake.PubSub.Rest;
using MassTransit;

namespace EcommerceLake.PubSub.Transport;

/// <summary>
/// MassTransit headers as Pub/Sub message attributes, within Pub/Sub's limits
/// (https://cloud.google.com/pubsub/quotas#resource_limits): at most 100 attributes, keys at most 256 bytes, values at
/// most 1 024 bytes (UTF-8), and a message (data and attributes) at most 10 MB. Every header becomes a string
/// attribute: the ids, addresses and content type of the send context, its custom headers, and the W3C trace context
/// (<c>traceparent</c>, <c>tracestate</c>) MassTransit's diagnostics add. A value over 1 024 bytes (a fault's stack
/// trace) is cut to fit and ends with <c>…</c>; the JSON envelope in the data keeps the full headers.
/// </summary>
public static class PubSubAttributes
{
    /// <summary>The attribute Pub/Sub adds to a message it forwards to a subscription's dead-letter topic after
    /// <c>maxDeliveryAttempts</c> deliveries none of which was acknowledged: the resource id of the subscription it
    /// came from (https://cloud.google.com/pubsub/docs/handling-failures, "Dead-letter topics").</summary>
    public const string DeadLetterSourceSubscription = "CloudPubSubDeadLetterSourceSubscription";

    /// <summary>The attribute Pub/Sub adds, with <see cref="DeadLetterSourceSubscription"/>, to a dead-lettered
    /// message: how many times it was delivered before it was forwarded.</summary>
    public const string DeadLetterSourceDeliveryCount = "CloudPubSubDeadLetterSourceDeliveryCount";

    /// <summary>Most attributes per message.</summary>
    public const int MaxAttributes = 100;

    /// <summary>Longest attribute key, bytes.</summary>
    public const int MaxKeyBytes = 256;

    /// <summary>Longest attribute value, bytes.</summary>
    public const int MaxValueBytes = 1024;

    /// <summary>Largest message (data plus attributes), bytes: 10 MB.</summary>
    public const int MaxMessageBytes = 10_000_000;

    /// <summary>The attributes of a send context's headers and properties.</summary>
    public static Dictionary<string, string> FromSendContext(SendContext context)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in context.Headers.GetAll()) Set(attributes, header.Key, header.Value);
        Set(attributes, MessageHeaders.MessageId, context.MessageId);
        Set(attributes, MessageHeaders.CorrelationId, context.CorrelationId);
        Set(attributes, MessageHeaders.ConversationId, context.ConversationId);
        Set(attributes, MessageHeaders.InitiatorId, context.InitiatorId);
        Set(attributes, MessageHeaders.RequestId, context.RequestId);
        Set(attributes, MessageHeaders.SourceAddress, context.SourceAddress);
        Set(attributes, MessageHeaders.ResponseAddress, context.ResponseAddress);
        Set(attributes, MessageHeaders.FaultAddress, context.FaultAddress);
        Set(attributes, "MT-Destination-Address", context.DestinationAddress);
        Set(attributes, MessageHeaders.TransportSentTime, context.SentTime);
        Set(attributes, MessageHeaders.ContentType, context.ContentType?.ToString());
        return attributes;
    }

    /// <summary>Adds <paramref name="value"/> under <paramref name="key"/> as text (null values are skipped).</summary>
    public static void Set(IDictionary<string, string> attributes, string key, object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            DateTime d => d.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            Uri u => u.ToString(),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        if (text is null) return;
        attributes[key] = text;
    }

    /// <summary>
    /// Checks <paramref name="attributes"/> and <paramref name="data"/> against Pub/Sub's limits, cutting values that
    /// are too long.
    /// </summary>
    /// <exception cref="MessageTooLargeException">Too many attributes, a key too long, or more than 10 MB in all; the
    /// message names the limit and <paramref name="messageType"/>.</exception>
    public static OutgoingMessage Fit(byte[] data, Dictionary<string, string> attributes, string messageType)
    {
        if (attributes.Count > MaxAttributes)
            throw new MessageTooLargeException($"A {messageType} message has {attributes.Count} headers; Pub/Sub " +
                                               $"allows at most {MaxAttributes} attributes per message.");
        var size = data.LongLength;
        foreach (var key in attributes.Keys.ToList())
        {
            var keyBytes = Encoding.UTF8.GetByteCount(key);
            if (keyBytes > MaxKeyBytes)
                throw new MessageTooLargeException($"A {messageType} message has header '{key[..32]}…' of " +
                                                   $"{keyBytes} bytes; Pub/Sub allows attribute keys of at most " +
                                                   $"{MaxKeyBytes} bytes.");
            var value = attributes[key];
            if (Encoding.UTF8.GetByteCount(value) > MaxValueBytes) attributes[key] = value = Cut(value);
            size += keyBytes + Encoding.UTF8.GetByteCount(value);
        }
        if (size > MaxMessageBytes)
            throw new MessageTooLargeException($"A {messageType} message is {size:N0} bytes; Pub/Sub accepts at " +
                                               $"most 10 MB ({MaxMessageBytes:N0} bytes) of data and attributes " +
                                               "per message.");
        return new OutgoingMessage(data, attributes);
    }

    private static string Cut(string value)
    {
        const string ellipsis = "…";
        var budget = MaxValueBytes - Encoding.UTF8.GetByteCount(ellipsis);
        var length = Math.Min(value.Length, budget);
        while (Encoding.UTF8.GetByteCount(value.AsSpan(0, length)) > budget) length--;
        if (length > 0 && char.IsHighSurrogate(value[length - 1])) length--;
        return value[..length] + ellipsis;
    }
}
