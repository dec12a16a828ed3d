using System.Text.Json.Nodes;

namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// A subscription's settings as created (Subscription, https://cloud.google.com/pubsub/docs/reference/rest/v1/
/// projects.subscriptions): <see cref="Parse"/> applies the documented defaults (ack deadline 10 s, retention 7 days,
/// expiration after 31 days idle, retry backoff 10–600 s, 5 delivery attempts) and bounds, and <see cref="ToJson"/>
/// renders it as Pub/Sub answers it. Push, BigQuery and Cloud Storage delivery, filters and exactly-once delivery are
/// not served by the fake: asking for them answers 501 UNIMPLEMENTED.
/// </summary>
internal sealed record FakePubSubSubscriptionConfig(
    string Topic,
    int AckDeadlineSeconds,
    TimeSpan Retention,
    TimeSpan? Expiration,
    FakePubSubSubscriptionConfig.RetryPolicy? Retry,
    FakePubSubSubscriptionConfig.DeadLetterPolicy? DeadLetter,
    bool Ordered,
    IReadOnlyDictionary<string, string> Labels)
{
    private static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);
    private static readonly TimeSpan DefaultExpiration = TimeSpan.FromDays(31);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(600);

    // Fields of Subscription in the v1 REST reference; any other name is rejected as Google's front end does.
    private static readonly string[] Fields =
    [
        "name", "topic", "pushConfig", "bigqueryConfig", "cloudStorageConfig", "ackDeadlineSeconds",
        "retainAckedMessages", "messageRetentionDuration", "labels", "enableMessageOrdering", "expirationPolicy",
        "filter", "deadLetterPolicy", "retryPolicy", "detached", "enableExactlyOnceDelivery",
        "topicMessageRetentionDuration", "state", "analyticsHubSubscriptionInfo", "messageTransforms", "tags",
    ];

    /// <summary>The backoff between redeliveries of a nacked or expired message: minimumBackoff doubled per failed
    /// delivery, capped at maximumBackoff.</summary>
    public sealed record RetryPolicy(TimeSpan Minimum, TimeSpan Maximum);

    /// <summary>Where a message goes after <paramref name="MaxDeliveryAttempts"/> failed deliveries.</summary>
    public sealed record DeadLetterPolicy(string Topic, int MaxDeliveryAttempts);

    /// <summary>Reads and checks the body of a create request; throws <see cref="FakePubSubException"/> 400 or 501.
    /// </summary>
    public static FakePubSubSubscriptionConfig Parse(JsonObject body)
    {
        FakePubSubJson.KnownFields(body, "", Fields);
        var topic = FakePubSubJson.String(body, "topic");
        if (string.IsNullOrEmpty(topic)) throw FakePubSubException.InvalidArgument("The topic field is required.");
        FakePubSubBroker.CheckName(topic, "topics");
        if (FakePubSubJson.Object(body, "pushConfig") is { } push
            && FakePubSubJson.String(push, "pushEndpoint") is { Length: > 0 })
            throw Unimplemented("push subscriptions");
        if (FakePubSubJson.Object(body, "bigqueryConfig") is { Count: > 0 })
            throw Unimplemented("BigQuery subscriptions");
        if (FakePubSubJson.Object(body, "cloudStorageConfig") is { Count: > 0 })
            throw Unimplemented("Cloud Storage subscriptions");
        if (FakePubSubJson.String(body, "filter") is { Length: > 0 }) throw Unimplemented("subscription filters");
        if (FakePubSubJson.Bool(body, "enableExactlyOnceDelivery")) throw Unimplemented("exactly-once delivery");

        var ackDeadline = FakePubSubJson.Int32(body, "ackDeadlineSeconds") ?? 0;
        if (ackDeadline == 0) ackDeadline = FakePubSubLimits.MinAckDeadlineSeconds;
        if (ackDeadline is < FakePubSubLimits.MinAckDeadlineSeconds or > FakePubSubLimits.MaxAckDeadlineSeconds)
            throw FakePubSubException.OutOfRange("ack_deadline_seconds", ackDeadline,
                FakePubSubLimits.MinAckDeadlineSeconds, FakePubSubLimits.MaxAckDeadlineSeconds);

        var retention = FakePubSubJson.Duration(body, "messageRetentionDuration") ?? DefaultRetention;
        if (retention < TimeSpan.FromMinutes(10) || retention > TimeSpan.FromDays(31))
            throw FakePubSubException.InvalidArgument(
                $"The value for message_retention_duration is invalid: {FakePubSubJson.Duration(retention)}; "
                + "it must be between 10 minutes and 31 days.");

        return new FakePubSubSubscriptionConfig(topic, ackDeadline, retention, ParseExpiration(body, retention),
            ParseRetry(body), ParseDeadLetter(body), FakePubSubJson.Bool(body, "enableMessageOrdering"),
            FakePubSubJson.StringMap(body, "labels"));
    }

    /// <summary>The subscription as Pub/Sub answers it.</summary>
    public JsonObject ToJson(string name, string topic)
    {
        var json = new JsonObject
        {
            ["name"] = name,
            ["topic"] = topic,
            ["pushConfig"] = new JsonObject(),
            ["ackDeadlineSeconds"] = AckDeadlineSeconds,
            ["messageRetentionDuration"] = FakePubSubJson.Duration(Retention),
            ["expirationPolicy"] = Expiration is { } ttl
                ? new JsonObject { ["ttl"] = FakePubSubJson.Duration(ttl) }
                : new JsonObject(),
        };
        if (Labels.Count > 0) json["labels"] = FakePubSubJson.Map(Labels);
        if (Ordered) json["enableMessageOrdering"] = true;
        if (DeadLetter is { } d)
            json["deadLetterPolicy"] = new JsonObject
            {
                ["deadLetterTopic"] = d.Topic,
                ["maxDeliveryAttempts"] = d.MaxDeliveryAttempts,
            };
        if (Retry is { } r)
            json["retryPolicy"] = new JsonObject
            {
                ["minimumBackoff"] = FakePubSubJson.Duration(r.Minimum),
                ["maximumBackoff"] = FakePubSubJson.Duration(r.Maximum),
            };
        return json;
    }

    private static TimeSpan? ParseExpiration(JsonObject body, TimeSpan retention)
    {
        if (FakePubSubJson.Object(body, "expirationPolicy") is not { } policy) return DefaultExpiration;
        FakePubSubJson.KnownFields(policy, "expiration_policy", "ttl");
        var ttl = FakePubSubJson.Duration(policy, "ttl");
        if (ttl is { } t && (t < TimeSpan.FromDays(1) || t > TimeSpan.FromDays(365) || t < retention))
            throw FakePubSubException.InvalidArgument(
                $"The value for expiration_policy.ttl is invalid: {FakePubSubJson.Duration(t)}; it must be between "
                + "1 day and 365 days and not shorter than message_retention_duration.");
        return ttl;
    }

    private static RetryPolicy? ParseRetry(JsonObject body)
    {
        if (FakePubSubJson.Object(body, "retryPolicy") is not { } policy) return null;
        FakePubSubJson.KnownFields(policy, "retry_policy", "minimumBackoff", "maximumBackoff");
        var min = FakePubSubJson.Duration(policy, "minimumBackoff") ?? TimeSpan.FromSeconds(10);
        var max = FakePubSubJson.Duration(policy, "maximumBackoff") ?? MaxBackoff;
        if (min < TimeSpan.Zero || min > MaxBackoff || max < TimeSpan.Zero || max > MaxBackoff || min > max)
            throw FakePubSubException.InvalidArgument(
                "The value for retry_policy is invalid: minimum_backoff and maximum_backoff must be between 0 and "
                + "600 seconds, the minimum not above the maximum.");
        return new RetryPolicy(min, max);
    }

    private static DeadLetterPolicy? ParseDeadLetter(JsonObject body)
    {
        if (FakePubSubJson.Object(body, "deadLetterPolicy") is not { } policy) return null;
        FakePubSubJson.KnownFields(policy, "dead_letter_policy", "deadLetterTopic", "maxDeliveryAttempts");
        var topic = FakePubSubJson.String(policy, "deadLetterTopic");
        var attempts = FakePubSubJson.Int32(policy, "maxDeliveryAttempts") ?? 0;
        if (attempts == 0) attempts = FakePubSubLimits.MinDeliveryAttempts;
        if (attempts is < FakePubSubLimits.MinDeliveryAttempts or > FakePubSubLimits.MaxDeliveryAttempts)
            throw FakePubSubException.OutOfRange("max_delivery_attempts", attempts,
                FakePubSubLimits.MinDeliveryAttempts, FakePubSubLimits.MaxDeliveryAttempts);
        if (string.IsNullOrEmpty(topic)) return null;
        FakePubSubBroker.CheckName(topic, "topics");
        return new DeadLetterPolicy(topic, attempts);
    }

    private static FakePubSubException Unimplemented(string feature) =>
        new(501, "UNIMPLEMENTED", $"The fake Pub/Sub does not serve {feature}.");
}
