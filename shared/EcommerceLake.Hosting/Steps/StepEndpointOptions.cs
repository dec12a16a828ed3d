namespace EcommerceLake.Hosting.Steps;

/// <summary>
/// Endpoint settings of one step consumer: named options, the name being the consumer's type name (for example
/// <c>ExtractStreamConsumer</c>), configured by the service that owns the consumer from its own section and read by
/// <see cref="StepConsumerDefinition{TConsumer}"/> when the endpoint is configured. Unset values keep the bus's
/// (<c>Bus:PrefetchCount</c>).
/// </summary>
public sealed class StepEndpointOptions
{
    /// <summary>Messages the consumer's endpoint handles at once, and takes from the broker ahead (its prefetch); null
    /// for <c>Bus:PrefetchCount</c>. On Pub/Sub, <c>Bus:PubSub:MaxOutstandingMessages</c> also bounds it.</summary>
    public int? ConcurrentMessageLimit { get; set; }
}
