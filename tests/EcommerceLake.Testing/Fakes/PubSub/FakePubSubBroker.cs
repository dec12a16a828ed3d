using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// The state behind <see cref="FakePubSubServer"/>: topics, subscriptions with their policies, and each subscription's
/// unacknowledged messages. One lock guards everything; deadlines and retry backoffs run on the
/// <see cref="TimeProvider"/> given (a timer set to the next due instant, and a sweep at the start of every call).
/// Admin methods here; delivery in the other part. Requests are JSON objects in the REST v1 shapes
/// (https://cloud.google.com/pubsub/docs/reference/rest); errors are <see cref="FakePubSubException"/>.
/// </summary>
internal sealed partial class FakePubSubBroker : IDisposable
{
    public const string DeletedTopic = "_deleted-topic_";

    // Fields of Topic in the v1 REST reference; any other name is rejected as Google's front end does.
    private static readonly string[] TopicFields =
    [
        "name", "labels", "messageStoragePolicy", "kmsKeyName", "schemaSettings", "satisfiesPzs",
        "messageRetentionDuration", "state", "ingestionDataSourceSettings", "messageTransforms", "tags",
    ];

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly SortedDictionary<string, TopicState> _topics = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SubscriptionState> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SubscriptionState> _bySerial = [];
    private long _nextSerial;

    public FakePubSubBroker(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(_ => Sweep(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer.Dispose();

    public JsonObject CreateTopic(string name, JsonObject body)
    {
        CheckName(name, "topics");
        FakePubSubJson.KnownFields(body, "", TopicFields);
        CheckBodyName(name, body);
        var retention = FakePubSubJson.Duration(body, "messageRetentionDuration");
        var labels = FakePubSubJson.StringMap(body, "labels");
        lock (_gate)
        {
            if (_topics.ContainsKey(name)) throw FakePubSubException.AlreadyExists(name);
            var topic = new TopicState(name, labels, retention);
            _topics[name] = topic;
            return topic.ToJson();
        }
    }

    public JsonObject GetTopic(string name)
    {
        lock (_gate) return Topic(name).ToJson();
    }

    public void DeleteTopic(string name)
    {
        lock (_gate)
        {
            Topic(name);
            _topics.Remove(name);
            foreach (var subscription in _subscriptions.Values.Where(s => s.Topic == name))
                subscription.Topic = DeletedTopic;
        }
    }

    public JsonObject ListTopics(string project, int? pageSize, string? pageToken)
    {
        lock (_gate)
        {
            var prefix = $"projects/{project}/topics/";
            var names = _topics.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal));
            return Page(names, pageSize, pageToken, "topics", n => _topics[n].ToJson());
        }
    }

    public JsonObject ListTopicSubscriptions(string topic, int? pageSize, string? pageToken)
    {
        lock (_gate)
        {
            Topic(topic);
            var names = _subscriptions.Values.Where(s => s.Topic == topic).Select(s => s.Name);
            return Page(names, pageSize, pageToken, "subscriptions", n => JsonValue.Create(n));
        }
    }

    public JsonObject CreateSubscription(string name, JsonObject body)
    {
        CheckName(name, "subscriptions");
        CheckBodyName(name, body);
        var config = FakePubSubSubscriptionConfig.Parse(body);
        lock (_gate)
        {
            if (_subscriptions.ContainsKey(name)) throw FakePubSubException.AlreadyExists(name);
            if (!_topics.ContainsKey(config.Topic)) throw FakePubSubException.NotFound(config.Topic);
            if (config.DeadLetter is { } deadLetter && !_topics.ContainsKey(deadLetter.Topic))
                throw FakePubSubException.NotFound(deadLetter.Topic);
            var subscription = new SubscriptionState(++_nextSerial, name, config);
            _subscriptions[name] = subscription;
            _bySerial[subscription.Serial] = subscription;
            return subscription.ToJson();
        }
    }

    public JsonObject GetSubscription(string name)
    {
        lock (_gate) return Subscription(name).ToJson();
    }

    public void DeleteSubscription(string name)
    {
        lock (_gate)
        {
            var subscription = Subscription(name);
            _subscriptions.Remove(name);
            _bySerial.Remove(subscription.Serial);
            subscription.Deleted = true;
            subscription.Wake();
        }
    }

    public JsonObject ListSubscriptions(string project, int? pageSize, string? pageToken)
    {
        lock (_gate)
        {
            var prefix = $"projects/{project}/subscriptions/";
            var names = _subscriptions.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal));
            return Page(names, pageSize, pageToken, "subscriptions", n => _subscriptions[n].ToJson());
        }
    }

    public IReadOnlyList<string> TopicNames()
    {
        lock (_gate) return _topics.Keys.ToList();
    }

    public IReadOnlyList<string> SubscriptionNames()
    {
        lock (_gate) return _subscriptions.Keys.ToList();
    }

    private TopicState Topic(string name) =>
        _topics.TryGetValue(name, out var topic) ? topic : throw FakePubSubException.NotFound(name);

    private SubscriptionState Subscription(string name) =>
        _subscriptions.TryGetValue(name, out var subscription)
            ? subscription
            : throw FakePubSubException.NotFound(name);

    private static JsonObject Page(
        IEnumerable<string> names, int? pageSize, string? pageToken, string field, Func<string, JsonNode?> item)
    {
        var size = pageSize is null or <= 0 ? 100 : Math.Min(pageSize.Value, 1000);
        var after = string.IsNullOrEmpty(pageToken) ? null : pageToken;
        var rest = names.Where(n => after is null || string.CompareOrdinal(n, after) > 0).Take(size + 1).ToList();
        var page = new JsonObject();
        if (rest.Count == 0) return page;
        var shown = rest.Take(size).ToList();
        page[field] = new JsonArray(shown.Select(item).ToArray());
        if (rest.Count > size) page["nextPageToken"] = shown[^1];
        return page;
    }

    /// <summary>Resource names (https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names): an id of 3–255
    /// characters from letters, digits and <c>-_.~+%</c>, starting with a letter and not with <c>goog</c>.</summary>
    internal static void CheckName(string name, string collection)
    {
        var parts = name.Split('/');
        if (parts.Length != 4 || parts[0] != "projects" || parts[1].Length == 0 || parts[2] != collection
            || !ResourceId().IsMatch(parts[3]) || parts[3].StartsWith("goog", StringComparison.OrdinalIgnoreCase))
            throw FakePubSubException.InvalidArgument(
                $"Invalid resource name given (name={name}). Refer to "
                + "https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names for more information.");
    }

    private static void CheckBodyName(string name, JsonObject body)
    {
        if (FakePubSubJson.String(body, "name") is { Length: > 0 } given && given != name)
            throw FakePubSubException.InvalidArgument(
                $"The name in the body ({given}) differs from the name in the URL ({name}).");
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$")]
    private static partial Regex ResourceId();

    private sealed class TopicState(string name, Dictionary<string, string> labels, TimeSpan? retention)
    {
        public string Name { get; } = name;

        public List<FakePubSubMessage> Published { get; } = [];

        public JsonObject ToJson()
        {
            var json = new JsonObject { ["name"] = Name };
            if (labels.Count > 0) json["labels"] = FakePubSubJson.Map(labels);
            if (retention is { } r) json["messageRetentionDuration"] = FakePubSubJson.Duration(r);
            return json;
        }
    }
}
