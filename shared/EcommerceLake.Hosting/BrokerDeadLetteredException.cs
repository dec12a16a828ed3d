namespace EcommerceLake.Hosting;

/// <summary>
/// Thrown by <see cref="BrokerDeadLetterFilter"/> for a message the broker itself dead-lettered: delivered
/// <see cref="DeliveryCount"/> times from <see cref="Subscription"/> and never acknowledged (the consumer crashed its
/// process or hung past the ack deadline each time). Never retried; its message is the dead-letter alert's text.
/// </summary>
public sealed class BrokerDeadLetteredException(string subscription, string? deliveryCount) : Exception(
    $"Pub/Sub dead-lettered this message from {subscription} after {deliveryCount ?? "its maximum"} delivery "
    + "attempts, none of them acknowledged (a consumer that crashed its process or hung); it is given up on without "
    + "being consumed again")
{
    /// <summary>The subscription the message was dead-lettered from (Pub/Sub's resource id).</summary>
    public string Subscription { get; } = subscription;

    /// <summary>How many deliveries Pub/Sub counted, as it reported them; null when it did not.</summary>
    public string? DeliveryCount { get; } = deliveryCount;
}
