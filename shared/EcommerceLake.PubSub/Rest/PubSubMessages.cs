using System.Text.Json.Serialization;

namespace EcommerceLake.PubSub.Rest;

/// <summary>A message to publish: <c>PubsubMessage</c> of the REST reference
/// (https://cloud.google.com/pubsub/docs/reference/rest/v1/PubsubMessage); <see cref="Data"/> is sent base64-encoded.
/// </summary>
/// <param name="Data">The payload, at most 10 MB together with the attributes.</param>
/// <param name="Attributes">At most 100 attributes; keys ≤ 256 bytes, values ≤ 1 024 bytes (UTF-8).</param>
public sealed record OutgoingMessage(byte[] Data, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A pulled message: <c>ReceivedMessage</c> (https://cloud.google.com/pubsub/docs/reference/rest/v1/
/// projects.subscriptions/pull#receivedmessage).</summary>
/// <param name="AckId">The handle to acknowledge or modify the ack deadline with.</param>
/// <param name="MessageId">Pub/Sub's id of the message.</param>
/// <param name="Data">The decoded payload.</param>
/// <param name="Attributes">The message's attributes (empty when none).</param>
/// <param name="PublishTime">When Pub/Sub accepted it.</param>
/// <param name="DeliveryAttempt">1 on the first delivery; 0 when the subscription has no dead-letter policy (then
/// Pub/Sub does not count).</param>
public sealed record ReceivedMessage(
    string AckId, string MessageId, byte[] Data, IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset? PublishTime, int DeliveryAttempt);

/// <summary>The subscription settings the transport creates (<c>Subscription</c> of the REST reference).</summary>
/// <param name="Topic">The topic's short name (the client adds <c>projects/{project}/topics/</c>).</param>
/// <param name="AckDeadlineSeconds">10 to 600.</param>
/// <param name="DeadLetterTopic">Short name of the dead-letter topic, or null for no dead-letter policy.</param>
/// <param name="MaxDeliveryAttempts">5 to 100, with <paramref name="DeadLetterTopic"/>.</param>
/// <param name="MinimumBackoff">The retry policy's shortest wait.</param>
/// <param name="MaximumBackoff">The retry policy's longest wait.</param>
/// <param name="Ttl">Expiration after this long without activity (at least one day, and not below the retention),
/// or null for never.</param>
/// <param name="Retention">How long unacknowledged messages are kept (10 minutes to 7 days), or null for Pub/Sub's
/// default (7 days).</param>
public sealed record SubscriptionSettings(
    string Topic, int AckDeadlineSeconds, string? DeadLetterTopic, int MaxDeliveryAttempts, TimeSpan MinimumBackoff,
    TimeSpan MaximumBackoff, TimeSpan? Ttl = null, TimeSpan? Retention = null);

internal sealed class PublishRequest
{
    [JsonPropertyName("messages")] public required List<WireMessage> Messages { get; init; }
}

internal sealed class WireMessage
{
    [JsonPropertyName("data")] public string? Data { get; init; }
    [JsonPropertyName("attributes")] public Dictionary<string, string>? Attributes { get; init; }
    [JsonPropertyName("messageId")] public string? MessageId { get; init; }
    [JsonPropertyName("publishTime")] public DateTimeOffset? PublishTime { get; init; }
}

internal sealed class PullResponse
{
    [JsonPropertyName("receivedMessages")] public List<WireReceived>? ReceivedMessages { get; init; }
}

internal sealed class WireReceived
{
    [JsonPropertyName("ackId")] public string AckId { get; init; } = "";
    [JsonPropertyName("message")] public WireMessage? Message { get; init; }
    [JsonPropertyName("deliveryAttempt")] public int DeliveryAttempt { get; init; }
}

internal sealed class PublishResponse
{
    [JsonPropertyName("messageIds")] public List<string>? MessageIds { get; init; }
}
