namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// A message as the fake stored it when it was published (PubsubMessage,
/// https://cloud.google.com/pubsub/docs/reference/rest/v1/PubsubMessage): <see cref="Data"/> is the decoded payload,
/// <see cref="OrderingKey"/> is empty when none was given.
/// </summary>
public sealed record FakePubSubMessage(
    string MessageId,
    string Topic,
    byte[] Data,
    IReadOnlyDictionary<string, string> Attributes,
    string OrderingKey,
    DateTimeOffset PublishTime);
