using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EcommerceLake.PubSub.Rest;

namespace EcommerceLake.PubSub.Tests.Live;

/// <summary>Lists and deletes the topics and subscriptions under one prefix (<c>projects.topics.list</c>,
/// <c>projects.subscriptions.list</c>, https://cloud.google.com/pubsub/docs/reference/rest), so that a live run leaves
/// nothing behind.</summary>
internal sealed class LivePubSubResources(HttpClient http, string project, string prefix)
{
    public async Task<IReadOnlyList<string>> TopicsAsync(CancellationToken cancellationToken) =>
        await ListAsync("topics", cancellationToken);

    public async Task<IReadOnlyList<string>> SubscriptionsAsync(CancellationToken cancellationToken) =>
        await ListAsync("subscriptions", cancellationToken);

    /// <summary>Deletes subscriptions first, then topics; returns how many of each were deleted.</summary>
    public async Task<(int Subscriptions, int Topics)> DeleteAllAsync(CancellationToken cancellationToken)
    {
        var client = new PubSubRestClient(http, project);
        var subscriptions = await SubscriptionsAsync(cancellationToken);
        foreach (var subscription in subscriptions)
            await client.DeleteSubscriptionAsync(subscription, cancellationToken);
        var topics = await TopicsAsync(cancellationToken);
        foreach (var topic in topics) await client.DeleteTopicAsync(topic, cancellationToken);
        return (subscriptions.Count, topics.Count);
    }

    private async Task<IReadOnlyList<string>> ListAsync(string kind, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? page = null;
        var parent = $"projects/{project}/{kind}/";
        do
        {
            var url = $"v1/projects/{project}/{kind}?pageSize=1000" +
                      (page is null ? "" : "&pageToken=" + Uri.EscapeDataString(page));
            var answer = await http.GetFromJsonAsync<JsonObject>(url, cancellationToken)
                ?? throw new InvalidOperationException($"Empty answer listing {kind}.");
            var field = kind == "topics" ? "topics" : "subscriptions";
            foreach (var item in answer[field]?.AsArray() ?? [])
            {
                var name = item?["name"]?.GetValue<string>() ?? "";
                if (name.StartsWith(parent + prefix, StringComparison.Ordinal)) names.Add(name[parent.Length..]);
            }
            page = answer["nextPageToken"]?.GetValue<string>() is { Length: > 0 } next ? next : null;
        } while (page is not null);
        return names;
    }
}
