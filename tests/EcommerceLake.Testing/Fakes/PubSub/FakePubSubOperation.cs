namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// The Pub/Sub REST v1 methods the fake serves (https://cloud.google.com/pubsub/docs/reference/rest), used to aim
/// fault switches at one method (<see cref="Any"/>: every method).
/// </summary>
public enum FakePubSubOperation
{
    /// <summary>Every request, whatever its method.</summary>
    Any,

    /// <summary><c>PUT v1/projects/{p}/topics/{t}</c> (projects.topics.create).</summary>
    CreateTopic,

    /// <summary><c>GET v1/projects/{p}/topics/{t}</c> (projects.topics.get).</summary>
    GetTopic,

    /// <summary><c>DELETE v1/projects/{p}/topics/{t}</c> (projects.topics.delete).</summary>
    DeleteTopic,

    /// <summary><c>GET v1/projects/{p}/topics</c> (projects.topics.list).</summary>
    ListTopics,

    /// <summary><c>POST v1/projects/{p}/topics/{t}:publish</c> (projects.topics.publish).</summary>
    Publish,

    /// <summary><c>GET v1/projects/{p}/topics/{t}/subscriptions</c> (projects.topics.subscriptions.list).</summary>
    ListTopicSubscriptions,

    /// <summary><c>PUT v1/projects/{p}/subscriptions/{s}</c> (projects.subscriptions.create).</summary>
    CreateSubscription,

    /// <summary><c>GET v1/projects/{p}/subscriptions/{s}</c> (projects.subscriptions.get).</summary>
    GetSubscription,

    /// <summary><c>DELETE v1/projects/{p}/subscriptions/{s}</c> (projects.subscriptions.delete).</summary>
    DeleteSubscription,

    /// <summary><c>GET v1/projects/{p}/subscriptions</c> (projects.subscriptions.list).</summary>
    ListSubscriptions,

    /// <summary><c>POST v1/projects/{p}/subscriptions/{s}:pull</c> (projects.subscriptions.pull).</summary>
    Pull,

    /// <summary><c>POST v1/projects/{p}/subscriptions/{s}:acknowledge</c>
    /// (projects.subscriptions.acknowledge).</summary>
    Acknowledge,

    /// <summary><c>POST v1/projects/{p}/subscriptions/{s}:modifyAckDeadline</c>
    /// (projects.subscriptions.modifyAckDeadline).</summary>
    ModifyAckDeadline,
}
