using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcommerceLake.PubSub.Rest;

/// <summary>
/// The smallest clean adapter over Google Cloud Pub/Sub's REST API v1
/// (https://cloud.google.com/pubsub/docs/reference/rest),
/// written because no Pub/Sub client library is obtainable here: topics and subscriptions created when missing
/// (<c>PUT</c>; 409 <c>ALREADY_EXISTS</c> is success), <c>topics.publish</c>, <c>subscriptions.pull</c>,
/// <c>acknowledge</c> and <c>modifyAckDeadline</c>, and deletes (404 is success). Names given to it are short resource
/// names; it adds <c>projects/{project}/topics/</c> or <c>/subscriptions/</c>. Authorization, retries of transient
/// failures and attempt time limits belong to the <see cref="HttpClient"/>'s handlers (<see cref="PubSubHttp"/>).
/// </summary>
/// <exception cref="PubSubException">From every call, for an answer that is neither success nor one of the
/// successes named above.</exception>
public sealed class PubSubRestClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    /// <summary>A client of <paramref name="projectId"/> over <paramref name="http"/>, whose
    /// <see cref="HttpClient.BaseAddress"/> is the API root (e.g. <c>https://pubsub.googleapis.com/</c>).</summary>
    public PubSubRestClient(HttpClient http, string projectId)
    {
        _http = http;
        ProjectId = projectId;
    }

    /// <summary>The project all names belong to.</summary>
    public string ProjectId { get; }

    /// <summary>The full name <c>projects/{project}/topics/{topic}</c>.</summary>
    public string TopicPath(string topic) => $"projects/{ProjectId}/topics/{topic}";

    /// <summary>The full name <c>projects/{project}/subscriptions/{subscription}</c>.</summary>
    public string SubscriptionPath(string subscription) => $"projects/{ProjectId}/subscriptions/{subscription}";

    /// <summary>Creates topic <paramref name="topic"/> unless it exists (<c>projects.topics.create</c>).</summary>
    public async Task EnsureTopicAsync(string topic, CancellationToken cancellationToken)
    {
        using var answer = await _http.PutAsJsonAsync("v1/" + TopicPath(topic), new JsonObject(), Json,
            cancellationToken);
        if (answer.StatusCode == HttpStatusCode.Conflict) return;
        await EnsureSuccessAsync(answer, "create topic", topic, cancellationToken);
    }

    /// <summary>
    /// Creates subscription <paramref name="subscription"/> with <paramref name="settings"/> unless it exists
    /// (<c>projects.subscriptions.create</c>): the ack deadline, an <c>expirationPolicy</c> that never expires (no
    /// <c>ttl</c>) unless <see cref="SubscriptionSettings.Ttl"/> is set, the <c>retryPolicy</c> and, when given, the
    /// <c>deadLetterPolicy</c>. An existing subscription is left as it is.
    /// </summary>
    public async Task EnsureSubscriptionAsync(string subscription, SubscriptionSettings settings,
        CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["topic"] = TopicPath(settings.Topic),
            ["ackDeadlineSeconds"] = settings.AckDeadlineSeconds,
            ["expirationPolicy"] = settings.Ttl is { } ttl
                ? new JsonObject { ["ttl"] = Duration(ttl) }
                : new JsonObject(),
            ["retryPolicy"] = new JsonObject
            {
                ["minimumBackoff"] = Duration(settings.MinimumBackoff),
                ["maximumBackoff"] = Duration(settings.MaximumBackoff),
            },
        };
        if (settings.Retention is { } retention) body["messageRetentionDuration"] = Duration(retention);
        if (settings.DeadLetterTopic is { } deadLetter)
        {
            body["deadLetterPolicy"] = new JsonObject
            {
                ["deadLetterTopic"] = TopicPath(deadLetter),
                ["maxDeliveryAttempts"] = settings.MaxDeliveryAttempts,
            };
        }
        using var answer = await _http.PutAsJsonAsync("v1/" + SubscriptionPath(subscription), body, Json,
            cancellationToken);
        if (answer.StatusCode == HttpStatusCode.Conflict) return;
        await EnsureSuccessAsync(answer, "create subscription", subscription, cancellationToken);
    }

    /// <summary>Publishes <paramref name="messages"/> to <paramref name="topic"/> (<c>projects.topics.publish</c>);
    /// returns Pub/Sub's message ids in order.</summary>
    public async Task<IReadOnlyList<string>> PublishAsync(string topic, IReadOnlyList<OutgoingMessage> messages,
        CancellationToken cancellationToken)
    {
        var request = new PublishRequest
        {
            Messages = messages.Select(m => new WireMessage
            {
                Data = Convert.ToBase64String(m.Data),
                Attributes = m.Attributes.Count == 0 ? null : new Dictionary<string, string>(m.Attributes),
            }).ToList(),
        };
        using var answer = await _http.PostAsJsonAsync($"v1/{TopicPath(topic)}:publish", request, Json,
            cancellationToken);
        await EnsureSuccessAsync(answer, "publish to", topic, cancellationToken);
        var ids = await answer.Content.ReadFromJsonAsync<PublishResponse>(Json, cancellationToken);
        return ids?.MessageIds ?? [];
    }

    /// <summary>Pulls up to <paramref name="maxMessages"/> messages (<c>projects.subscriptions.pull</c>), waiting
    /// until at least one is there or <paramref name="cancellationToken"/> ends the wait.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> PullAsync(string subscription, int maxMessages,
        CancellationToken cancellationToken)
    {
        using var answer = await _http.PostAsJsonAsync($"v1/{SubscriptionPath(subscription)}:pull",
            new JsonObject { ["maxMessages"] = maxMessages }, Json, cancellationToken);
        await EnsureSuccessAsync(answer, "pull from", subscription, cancellationToken);
        var pulled = await answer.Content.ReadFromJsonAsync<PullResponse>(Json, cancellationToken);
        return (pulled?.ReceivedMessages ?? []).Select(r => new ReceivedMessage(
            r.AckId,
            r.Message?.MessageId ?? "",
            r.Message?.Data is { Length: > 0 } data ? Convert.FromBase64String(data) : [],
            r.Message?.Attributes ?? new Dictionary<string, string>(),
            r.Message?.PublishTime,
            r.DeliveryAttempt)).ToList();
    }

    /// <summary>Acknowledges <paramref name="ackIds"/> (<c>projects.subscriptions.acknowledge</c>).</summary>
    public async Task AcknowledgeAsync(string subscription, IReadOnlyCollection<string> ackIds,
        CancellationToken cancellationToken)
    {
        using var answer = await _http.PostAsJsonAsync($"v1/{SubscriptionPath(subscription)}:acknowledge",
            new JsonObject { ["ackIds"] = new JsonArray(ackIds.Select(a => (JsonNode)a!).ToArray()) }, Json,
            cancellationToken);
        await EnsureSuccessAsync(answer, "acknowledge on", subscription, cancellationToken);
    }

    /// <summary>Sets the ack deadline of <paramref name="ackIds"/> to <paramref name="seconds"/> from now
    /// (<c>projects.subscriptions.modifyAckDeadline</c>); 0 releases them for redelivery (a nack).</summary>
    public async Task ModifyAckDeadlineAsync(string subscription, IReadOnlyCollection<string> ackIds, int seconds,
        CancellationToken cancellationToken)
    {
        using var answer = await _http.PostAsJsonAsync($"v1/{SubscriptionPath(subscription)}:modifyAckDeadline",
            new JsonObject
            {
                ["ackIds"] = new JsonArray(ackIds.Select(a => (JsonNode)a!).ToArray()),
                ["ackDeadlineSeconds"] = seconds,
            }, Json, cancellationToken);
        await EnsureSuccessAsync(answer, "modify ack deadline on", subscription, cancellationToken);
    }

    /// <summary>Deletes a subscription (<c>projects.subscriptions.delete</c>); one that is gone is success.</summary>
    public async Task DeleteSubscriptionAsync(string subscription, CancellationToken cancellationToken)
    {
        using var answer = await _http.DeleteAsync("v1/" + SubscriptionPath(subscription), cancellationToken);
        if (answer.StatusCode == HttpStatusCode.NotFound) return;
        await EnsureSuccessAsync(answer, "delete subscription", subscription, cancellationToken);
    }

    /// <summary>Deletes a topic (<c>projects.topics.delete</c>); one that is gone is success.</summary>
    public async Task DeleteTopicAsync(string topic, CancellationToken cancellationToken)
    {
        using var answer = await _http.DeleteAsync("v1/" + TopicPath(topic), cancellationToken);
        if (answer.StatusCode == HttpStatusCode.NotFound) return;
        await EnsureSuccessAsync(answer, "delete topic", topic, cancellationToken);
    }

    /// <summary>A protobuf <c>Duration</c> in its JSON form, e.g. <c>10s</c> or <c>0.5s</c>.</summary>
    internal static string Duration(TimeSpan value) =>
        value.TotalSeconds.ToString("0.#########", System.Globalization.CultureInfo.InvariantCulture) + "s";

    private static async Task EnsureSuccessAsync(HttpResponseMessage answer, string method, string resource,
        CancellationToken cancellationToken)
    {
        if (answer.IsSuccessStatusCode) return;
        string? code = null, detail = null;
        try
        {
            var text = await answer.Content.ReadAsStringAsync(cancellationToken);
            using var body = JsonDocument.Parse(text);
            if (body.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                code = error.TryGetProperty("status", out var s) ? s.GetString() : null;
                detail = error.TryGetProperty("message", out var m) ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // not Google's error body: the status says enough
        }
        throw new PubSubException(method, resource, answer.StatusCode, code, detail);
    }
}
