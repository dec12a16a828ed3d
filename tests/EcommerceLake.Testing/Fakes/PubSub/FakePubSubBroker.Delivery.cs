using System.Globalization;
using System.Text.Json.Nodes;

namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// Delivery: publish fans a message out to every subscription of its topic at that instant; a pull leases available
/// messages for the subscription's ack deadline under an ack id <c>{subscription serial}-{message seq}-{delivery}</c>
/// (a redelivery makes the older ids stale, and stale ids are ignored as Pub/Sub ignores expired ones); a lease that
/// expires or is nacked (modifyAckDeadline 0) makes the message available again after the retry policy's backoff
/// (<c>min(maximumBackoff, minimumBackoff × 2^(nacks−1))</c>; at once without a retry policy), or, with a
/// dead-letter policy once <c>maxDeliveryAttempts</c> deliveries failed, forwards it to the dead-letter topic
/// (https://cloud.google.com/pubsub/docs/handling-failures). With <c>enableMessageOrdering</c> a message with an
/// ordering key is leased only once every earlier message of that key is acknowledged or leased in the same pull, and
/// a failed lease releases the later leased messages of its key too (https://cloud.google.com/pubsub/docs/ordering).
/// </summary>
internal sealed partial class FakePubSubBroker
{
    private readonly PriorityQueue<Held, DateTimeOffset> _deadlines = new();
    private readonly PriorityQueue<SubscriptionState, DateTimeOffset> _wakeups = new();
    private DateTimeOffset _timerDue = DateTimeOffset.MaxValue;
    private long _nextMessageId = 4_000_000_000_000_000;
    private long _nextSeq;

    public JsonObject Publish(string topicName, JsonObject body)
    {
        var messages = FakePubSubPublishRequest.Parse(body);
        lock (_gate)
        {
            var topic = Topic(topicName);
            var now = _time.GetUtcNow();
            var ids = new JsonArray();
            foreach (var message in messages)
                ids.Add(Store(topic, message.Data, message.Attributes, message.OrderingKey, now).MessageId);
            return new JsonObject { ["messageIds"] = ids };
        }
    }

    /// <summary>
    /// Leases up to <c>maxMessages</c> available messages. Returns the answer, or null and the task to await before
    /// trying again (completed when the subscription may have something new) when nothing is available and neither
    /// <c>returnImmediately</c> nor <paramref name="lastLook"/> (the end of a long poll) is set.
    /// </summary>
    public (JsonObject? Answer, Task Changed) TryPull(string name, JsonObject body, bool lastLook = false)
    {
        FakePubSubJson.KnownFields(body, "", "subscription", "returnImmediately", "maxMessages");
        var max = FakePubSubJson.Int32(body, "maxMessages") ?? 0;
        if (max <= 0) throw FakePubSubException.InvalidArgument("max_messages must be a positive integer.");
        var immediately = lastLook || FakePubSubJson.Bool(body, "returnImmediately");
        lock (_gate)
        {
            SweepLocked();
            var subscription = Subscription(name);
            var now = _time.GetUtcNow();
            var received = new JsonArray();
            var blocked = new HashSet<string>(StringComparer.Ordinal);
            for (var node = subscription.Entries.First; node is not null && received.Count < max;)
            {
                var entry = node.Value;
                node = node.Next;
                if (entry.Message.PublishTime + subscription.Retention <= now && entry.AckId is null)
                {
                    subscription.Remove(entry);
                    continue;
                }
                var key = subscription.Ordered ? entry.Message.OrderingKey : "";
                if (key.Length > 0 && blocked.Contains(key)) continue;
                if (entry.AckId is not null || entry.AvailableAt > now)
                {
                    if (key.Length > 0) blocked.Add(key);
                    continue;
                }
                received.Add(Lease(subscription, entry, now));
            }
            if (received.Count > 0) return (new JsonObject { ["receivedMessages"] = received }, Task.CompletedTask);
            return immediately ? (new JsonObject(), Task.CompletedTask) : (null, subscription.Changed);
        }
    }

    public void Acknowledge(string name, JsonObject body)
    {
        var ackIds = AckIds(body);
        lock (_gate)
        {
            SweepLocked();
            var subscription = Subscription(name);
            foreach (var ackId in ackIds)
            {
                if (Find(subscription, ackId) is not { } entry) continue;
                subscription.Remove(entry);
                subscription.Acked.Add(entry.Message.MessageId);
                if (subscription.Ordered && entry.Message.OrderingKey.Length > 0) subscription.Wake();
            }
        }
    }

    public void ModifyAckDeadline(string name, JsonObject body)
    {
        var ackIds = AckIds(body);
        var seconds = FakePubSubJson.Int32(body, "ackDeadlineSeconds")
            ?? throw FakePubSubException.InvalidArgument("ack_deadline_seconds is required.");
        if (seconds is < 0 or > FakePubSubLimits.MaxAckDeadlineSeconds)
            throw FakePubSubException.InvalidArgument(
                $"Invalid ack deadline given: {seconds}. The value must be between 0 and 600 seconds.");
        lock (_gate)
        {
            SweepLocked();
            var subscription = Subscription(name);
            var now = _time.GetUtcNow();
            foreach (var ackId in ackIds)
            {
                if (Find(subscription, ackId) is not { } entry) continue;
                if (seconds == 0)
                {
                    Release(subscription, entry, now);
                    continue;
                }
                entry.Deadline = now + TimeSpan.FromSeconds(seconds);
                _deadlines.Enqueue(new Held(subscription, entry, ackId), entry.Deadline);
            }
            ScheduleLocked(now);
        }
    }

    public IReadOnlyList<FakePubSubMessage> Published(string topic)
    {
        lock (_gate) return _topics.TryGetValue(topic, out var t) ? t.Published.ToList() : [];
    }

    public FakePubSubSubscriptionState? Inspect(string name)
    {
        lock (_gate)
        {
            SweepLocked();
            if (!_subscriptions.TryGetValue(name, out var s)) return null;
            return new FakePubSubSubscriptionState(s.Name, s.Topic,
                s.Entries.Where(e => e.AckId is null).Select(e => e.Message).ToList(),
                s.Entries.Where(e => e.AckId is not null).Select(e => e.Message).ToList(),
                s.Acked.ToList(), new Dictionary<string, int>(s.DeliveryCounts), s.DeadLettered.ToList());
        }
    }

    private FakePubSubMessage Store(
        TopicState topic, byte[] data, Dictionary<string, string> attributes, string orderingKey, DateTimeOffset now)
    {
        var message = new FakePubSubMessage((++_nextMessageId).ToString(CultureInfo.InvariantCulture), topic.Name, data,
            attributes, orderingKey, now);
        topic.Published.Add(message);
        foreach (var subscription in _subscriptions.Values.Where(s => s.Topic == topic.Name))
        {
            subscription.Add(new Entry(++_nextSeq, message, now));
            subscription.Wake();
        }
        return message;
    }

    private JsonObject Lease(SubscriptionState subscription, Entry entry, DateTimeOffset now)
    {
        entry.Deliveries++;
        subscription.DeliveryCounts[entry.Message.MessageId] = entry.Deliveries;
        entry.AckId = $"{subscription.Serial}-{entry.Seq}-{entry.Deliveries}";
        entry.Deadline = now + TimeSpan.FromSeconds(subscription.AckDeadlineSeconds);
        _deadlines.Enqueue(new Held(subscription, entry, entry.AckId), entry.Deadline);
        ScheduleLocked(now);
        var message = entry.Message;
        var json = new JsonObject
        {
            ["data"] = Convert.ToBase64String(message.Data),
            ["messageId"] = message.MessageId,
            ["publishTime"] = FakePubSubJson.Timestamp(message.PublishTime),
        };
        if (message.Attributes.Count > 0)
            json["attributes"] = FakePubSubJson.Map(message.Attributes);
        if (message.OrderingKey.Length > 0) json["orderingKey"] = message.OrderingKey;
        var received = new JsonObject { ["ackId"] = entry.AckId, ["message"] = json };
        if (subscription.DeadLetter is not null) received["deliveryAttempt"] = entry.Deliveries;
        return received;
    }

    /// <summary>Ends the lease of <paramref name="entry"/> (nack or expiry): backoff, redelivery or
    /// dead-lettering.</summary>
    private void Release(SubscriptionState subscription, Entry entry, DateTimeOffset now)
    {
        entry.AckId = null;
        entry.Failures++;
        if (subscription.DeadLetter is { } policy && entry.Deliveries >= policy.MaxDeliveryAttempts
            && _topics.TryGetValue(policy.Topic, out var deadLetterTopic))
        {
            subscription.Remove(entry);
            var parts = subscription.Name.Split('/');
            var attributes = new Dictionary<string, string>(entry.Message.Attributes, StringComparer.Ordinal)
            {
                ["CloudPubSubDeadLetterSourceDeliveryCount"] = entry.Deliveries.ToString(CultureInfo.InvariantCulture),
                ["CloudPubSubDeadLetterSourceSubscription"] = parts[3],
                ["CloudPubSubDeadLetterSourceSubscriptionProject"] = parts[1],
                ["CloudPubSubDeadLetterSourceTopicPublishTime"] = FakePubSubJson.Timestamp(entry.Message.PublishTime),
            };
            var forwarded = Store(deadLetterTopic, entry.Message.Data, attributes, entry.Message.OrderingKey, now);
            subscription.DeadLettered.Add(forwarded);
        }
        else
        {
            var backoff = subscription.Retry is { } retry
                ? TimeSpan.FromTicks(Math.Min(retry.Maximum.Ticks,
                    retry.Minimum.Ticks * (long)Math.Pow(2, Math.Min(entry.Failures - 1, 30))))
                : TimeSpan.Zero;
            entry.AvailableAt = now + backoff;
            if (backoff > TimeSpan.Zero) _wakeups.Enqueue(subscription, entry.AvailableAt);
        }
        if (subscription.Ordered && entry.Message.OrderingKey.Length > 0)
        {
            foreach (var later in subscription.Entries.Where(e => e.Seq > entry.Seq && e.AckId is not null
                         && e.Message.OrderingKey == entry.Message.OrderingKey).ToList())
            {
                later.AckId = null;
                later.AvailableAt = now;
            }
        }
        subscription.Wake();
        ScheduleLocked(now);
    }

    private Entry? Find(SubscriptionState subscription, string ackId)
    {
        var parts = ackId.Split('-');
        var culture = CultureInfo.InvariantCulture;
        if (parts.Length != 3 || !long.TryParse(parts[0], culture, out var serial)
            || !long.TryParse(parts[1], culture, out var seq) || !int.TryParse(parts[2], culture, out _))
            throw FakePubSubException.InvalidArgument(
                $"You have passed an invalid ack ID to the service (ack_id={ackId}).");
        if (serial != subscription.Serial || !subscription.BySeq.TryGetValue(seq, out var entry)) return null;
        return entry.AckId == ackId ? entry : null;
    }

    private static List<string> AckIds(JsonObject body)
    {
        FakePubSubJson.KnownFields(body, "", "subscription", "ackIds", "ackDeadlineSeconds");
        if (body["ackIds"] is not JsonArray { Count: > 0 } ids)
            throw FakePubSubException.InvalidArgument("ack_ids must contain at least one ack id.");
        return ids.Select(i => i?.GetValueKind() == System.Text.Json.JsonValueKind.String ? i.GetValue<string>()
            : throw FakePubSubException.InvalidArgument("Invalid value at 'ack_ids' (TYPE_STRING).")).ToList();
    }

    private void Sweep()
    {
        lock (_gate)
        {
            _timerDue = DateTimeOffset.MaxValue;
            SweepLocked();
        }
    }

    /// <summary>Expires due leases, wakes pullers whose backoff ended, and sets the timer to the next due
    /// instant.</summary>
    private void SweepLocked()
    {
        var now = _time.GetUtcNow();
        while (_deadlines.TryPeek(out var lease, out var due) && due <= now)
        {
            _deadlines.Dequeue();
            if (lease.Entry.AckId == lease.AckId && lease.Entry.Deadline <= now && !lease.Subscription.Deleted)
                Release(lease.Subscription, lease.Entry, now);
        }
        while (_wakeups.TryPeek(out var subscription, out var due) && due <= now)
        {
            _wakeups.Dequeue();
            subscription.Wake();
        }
        ScheduleLocked(now);
    }

    private void ScheduleLocked(DateTimeOffset now)
    {
        var next = DateTimeOffset.MaxValue;
        if (_deadlines.TryPeek(out _, out var deadline)) next = deadline;
        if (_wakeups.TryPeek(out _, out var wakeup) && wakeup < next) next = wakeup;
        if (next == DateTimeOffset.MaxValue || next >= _timerDue) return;
        _timerDue = next;
        // Never zero: a FakeTimeProvider fires a zero-delay timer inside Change, re-entering the lock mid-update.
        var delay = next - now;
        var floor = TimeSpan.FromMilliseconds(1);
        _timer.Change(delay > floor ? delay : floor, Timeout.InfiniteTimeSpan);
    }

    private sealed record Held(SubscriptionState Subscription, Entry Entry, string AckId);

    private sealed class Entry(long seq, FakePubSubMessage message, DateTimeOffset availableAt)
    {
        public long Seq { get; } = seq;

        public FakePubSubMessage Message { get; } = message;

        public int Deliveries { get; set; }

        public int Failures { get; set; }

        public string? AckId { get; set; }

        public DateTimeOffset Deadline { get; set; }

        public DateTimeOffset AvailableAt { get; set; } = availableAt;

        public LinkedListNode<Entry>? Node { get; set; }
    }

    private sealed class SubscriptionState(long serial, string name, FakePubSubSubscriptionConfig config)
    {
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Serial { get; } = serial;

        public string Name { get; } = name;

        public string Topic { get; set; } = config.Topic;

        public int AckDeadlineSeconds => config.AckDeadlineSeconds;

        public TimeSpan Retention => config.Retention;

        public FakePubSubSubscriptionConfig.RetryPolicy? Retry => config.Retry;

        public FakePubSubSubscriptionConfig.DeadLetterPolicy? DeadLetter => config.DeadLetter;

        public bool Ordered => config.Ordered;

        public bool Deleted { get; set; }

        public LinkedList<Entry> Entries { get; } = new();

        public Dictionary<long, Entry> BySeq { get; } = [];

        public List<string> Acked { get; } = [];

        public Dictionary<string, int> DeliveryCounts { get; } = new(StringComparer.Ordinal);

        public List<FakePubSubMessage> DeadLettered { get; } = [];

        /// <summary>Completes at the next change that may make a message available (publish, nack, expiry, ack of an
        /// ordered message, end of a backoff, deletion).</summary>
        public Task Changed => _changed.Task;

        public void Wake()
        {
            var previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.TrySetResult();
        }

        public void Add(Entry entry)
        {
            entry.Node = Entries.AddLast(entry);
            BySeq[entry.Seq] = entry;
        }

        public void Remove(Entry entry)
        {
            if (entry.Node is { List: not null } node) Entries.Remove(node);
            BySeq.Remove(entry.Seq);
            entry.AckId = null;
        }

        public JsonObject ToJson() => config.ToJson(Name, Topic);
    }
}
