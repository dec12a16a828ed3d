namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// The Pub/Sub limits the fake enforces (https://cloud.google.com/pubsub/quotas#resource_limits), each answered with
/// 400 INVALID_ARGUMENT naming the limit.
/// </summary>
public static class FakePubSubLimits
{
    /// <summary>Largest request body, and largest message (data, attributes and ordering key): 10 MiB.</summary>
    public const int MaxRequestBytes = 10 * 1024 * 1024;

    /// <summary>Most messages in one publish request.</summary>
    public const int MaxMessagesPerPublish = 1000;

    /// <summary>Most attributes on one message.</summary>
    public const int MaxAttributes = 100;

    /// <summary>Longest attribute key, in UTF-8 bytes.</summary>
    public const int MaxAttributeKeyBytes = 256;

    /// <summary>Longest attribute value, in UTF-8 bytes.</summary>
    public const int MaxAttributeValueBytes = 1024;

    /// <summary>Longest ordering key, in UTF-8 bytes.</summary>
    public const int MaxOrderingKeyBytes = 1024;

    /// <summary>Ack deadline range of a subscription and of modifyAckDeadline (where 0 means nack), in
    /// seconds.</summary>
    public const int MinAckDeadlineSeconds = 10, MaxAckDeadlineSeconds = 600;

    /// <summary>Range of a dead-letter policy's <c>maxDeliveryAttempts</c> (0 means the default, 5).</summary>
    public const int MinDeliveryAttempts = 5, MaxDeliveryAttempts = 100;
}
