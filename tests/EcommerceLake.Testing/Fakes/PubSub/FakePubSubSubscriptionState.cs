namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// A snapshot of one subscription, for tests: <see cref="Topic"/> is <c>_deleted-topic_</c> once its topic is gone;
/// <see cref="Backlog"/> are the unacknowledged messages not leased right now (new, nacked, expired, or waiting out a
/// retry backoff); <see cref="Outstanding"/> are leased to a puller and not yet acknowledged;
/// <see cref="DeliveryCounts"/> counts deliveries per message id (acknowledged ones included);
/// <see cref="DeadLettered"/> are the copies forwarded to the dead-letter topic, with the attributes Pub/Sub adds.
/// </summary>
public sealed record FakePubSubSubscriptionState(
    string Name,
    string Topic,
    IReadOnlyList<FakePubSubMessage> Backlog,
    IReadOnlyList<FakePubSubMessage> Outstanding,
    IReadOnlyList<string> AckedMessageIds,
    IReadOnlyDictionary<string, int> DeliveryCounts,
    IReadOnlyList<FakePubSubMessage> DeadLettered);
