using System.Collections.Concurrent;
using EcommerceLake.PubSub.Rest;
using EcommerceLake.PubSub.Topology;

namespace EcommerceLake.PubSub.Transport;

/// <summary>
/// Creates the topics and subscriptions the bus uses, each once per bus (a failed attempt is tried again on next use):
/// <list type="bullet">
/// <item>a message type: its topic;</item>
/// <item>a receive endpoint <c>e</c>: topic <c>e</c>, subscription <c>e</c> on it (shared by every instance: competing
/// consumers) whose <c>deadLetterPolicy</c> points at topic <c>e_dead-letter</c>, which has a subscription of the same
/// name so nothing dead-lettered is dropped; a subscription <c>e.{type}</c> per consumed message type's topic, with
/// the same policies;</item>
/// <item>MassTransit's <c>e_error</c> and <c>e_skipped</c> endpoints: a topic and a subscription each.</item>
/// </list>
/// Every subscription has an <c>expirationPolicy</c> that never expires (the bus's temporary endpoint excepted: one
/// day, keeping messages 10 minutes) and a <c>retryPolicy</c> from <see cref="PubSubOptions"/>. Names are prefixed and
/// made valid by
/// <see cref="PubSubNames"/>.
/// </summary>
public sealed class PubSubProvisioner(PubSubRestClient client, PubSubNames names, PubSubOptions options)
{
    private static readonly TimeSpan TemporaryTtl = TimeSpan.FromDays(1);
    private static readonly TimeSpan TemporaryRetention = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, Lazy<Task>> _done = new(StringComparer.Ordinal);

    /// <summary>The REST client.</summary>
    public PubSubRestClient Client => client;

    /// <summary>The naming rules.</summary>
    public PubSubNames Names => names;

    /// <summary>Ensures the topic of <paramref name="logicalName"/> exists; returns its resource name.</summary>
    public async Task<string> EnsureTopicAsync(string logicalName)
    {
        var topic = names.Resource(logicalName);
        await OnceAsync("topic:" + topic, () => client.EnsureTopicAsync(topic, CancellationToken.None));
        return topic;
    }

    /// <summary>Ensures endpoint <paramref name="endpoint"/>'s topic, dead-letter topic and subscriptions, and its
    /// shared subscription; returns the topic's resource name.</summary>
    public async Task<string> EnsureEndpointAsync(string endpoint, bool temporary = false)
    {
        var topic = names.Resource(endpoint);
        await OnceAsync("endpoint:" + topic, async () =>
        {
            await client.EnsureTopicAsync(topic, CancellationToken.None);
            var deadLetter = temporary ? null : await EnsureDeadLetterAsync(endpoint);
            await client.EnsureSubscriptionAsync(topic, Settings(topic, deadLetter, temporary), CancellationToken.None);
        });
        return topic;
    }

    /// <summary>Ensures a plain queue-like endpoint (<c>_error</c>, <c>_skipped</c>): topic and subscription, no
    /// dead-letter policy; returns the topic's resource name.</summary>
    public async Task<string> EnsureQueueAsync(string logicalName)
    {
        var topic = names.Resource(logicalName);
        await OnceAsync("queue:" + topic, async () =>
        {
            await client.EnsureTopicAsync(topic, CancellationToken.None);
            await client.EnsureSubscriptionAsync(topic, Settings(topic, null, false), CancellationToken.None);
        });
        return topic;
    }

    /// <summary>Ensures the message type topic <paramref name="messageTopic"/> and endpoint
    /// <paramref name="endpoint"/>'s subscription on it; returns the subscription's resource name.</summary>
    public async Task<string> EnsureTypeSubscriptionAsync(string endpoint, string messageTopic, bool temporary = false)
    {
        var topic = await EnsureTopicAsync(messageTopic);
        var subscription = names.TypeSubscription(endpoint, messageTopic);
        await OnceAsync("subscription:" + subscription, async () =>
        {
            var deadLetter = temporary ? null : await EnsureDeadLetterAsync(endpoint);
            await client.EnsureSubscriptionAsync(subscription, Settings(topic, deadLetter, temporary),
                CancellationToken.None);
        });
        return subscription;
    }

    private async Task<string> EnsureDeadLetterAsync(string endpoint)
    {
        var deadLetter = names.DeadLetter(endpoint);
        await OnceAsync("dead-letter:" + deadLetter, async () =>
        {
            await client.EnsureTopicAsync(deadLetter, CancellationToken.None);
            await client.EnsureSubscriptionAsync(deadLetter, Settings(deadLetter, null, false),
                CancellationToken.None);
        });
        return deadLetter;
    }

    private SubscriptionSettings Settings(string topic, string? deadLetter, bool temporary) => new(
        topic, options.AckDeadlineSeconds, deadLetter, options.MaxDeliveryAttempts,
        TimeSpan.FromSeconds(options.MinimumBackoffSeconds), TimeSpan.FromSeconds(options.MaximumBackoffSeconds),
        temporary ? TemporaryTtl : null, temporary ? TemporaryRetention : null);

    private async Task OnceAsync(string key, Func<Task> create)
    {
        var lazy = _done.GetOrAdd(key, _ => new Lazy<Task>(create));
        try
        {
            await lazy.Value;
        }
        catch
        {
            _done.TryRemove(new KeyValuePair<string, Lazy<Task>>(key, lazy));
            throw;
        }
    }
}
