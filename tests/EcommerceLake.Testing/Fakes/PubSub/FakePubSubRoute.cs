using System.Text.RegularExpressions;

namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// A request routed to a Pub/Sub REST v1 method by its HTTP method and path (the HTTP rules of
/// https://cloud.google.com/pubsub/docs/reference/rest): the operation, the project, and the full resource name
/// (<c>projects/{project}/topics/{topic}</c> or <c>…/subscriptions/{subscription}</c>; empty for a list).
/// </summary>
internal sealed partial record FakePubSubRoute(FakePubSubOperation Operation, string Project, string Name)
{
    /// <summary>The route of <paramref name="method"/> <paramref name="path"/> (decoded, so <c>:publish</c> and
    /// <c>%3Apublish</c> are alike), or null when no Pub/Sub method has that shape.</summary>
    public static FakePubSubRoute? Of(string method, string path)
    {
        if (PathShape().Match(path) is not { Success: true } m) return null;
        var project = m.Groups["project"].Value;
        var collection = m.Groups["collection"].Value;
        var id = m.Groups["id"].Success ? m.Groups["id"].Value : null;
        var verb = m.Groups["verb"].Success ? m.Groups["verb"].Value : null;
        var nested = m.Groups["nested"].Success;
        FakePubSubOperation? operation = (collection, id is null, nested, verb, method) switch
        {
            ("topics", true, _, null, "GET") => FakePubSubOperation.ListTopics,
            ("topics", false, false, null, "PUT") => FakePubSubOperation.CreateTopic,
            ("topics", false, false, null, "GET") => FakePubSubOperation.GetTopic,
            ("topics", false, false, null, "DELETE") => FakePubSubOperation.DeleteTopic,
            ("topics", false, false, "publish", "POST") => FakePubSubOperation.Publish,
            ("topics", false, true, null, "GET") => FakePubSubOperation.ListTopicSubscriptions,
            ("subscriptions", true, _, null, "GET") => FakePubSubOperation.ListSubscriptions,
            ("subscriptions", false, false, null, "PUT") => FakePubSubOperation.CreateSubscription,
            ("subscriptions", false, false, null, "GET") => FakePubSubOperation.GetSubscription,
            ("subscriptions", false, false, null, "DELETE") => FakePubSubOperation.DeleteSubscription,
            ("subscriptions", false, false, "pull", "POST") => FakePubSubOperation.Pull,
            ("subscriptions", false, false, "acknowledge", "POST") => FakePubSubOperation.Acknowledge,
            ("subscriptions", false, false, "modifyAckDeadline", "POST") => FakePubSubOperation.ModifyAckDeadline,
            _ => null,
        };
        var name = id is null ? "" : $"projects/{project}/{collection}/{id}";
        return operation is { } op ? new FakePubSubRoute(op, project, name) : null;
    }

    [GeneratedRegex("^/v1/projects/(?<project>[^/:]+)/(?<collection>topics|subscriptions)"
        + "(?:/(?<id>[^/:]+)(?<nested>/subscriptions)?(?::(?<verb>[A-Za-z]+))?)?/?$")]
    private static partial Regex PathShape();
}
