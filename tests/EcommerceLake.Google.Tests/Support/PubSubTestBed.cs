using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EcommerceLake.Testing.Fakes.PubSub;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EcommerceLake.Google.Tests.Support;

/// <summary>
/// A fake Pub/Sub on a <see cref="FakeTimeProvider"/> (<see cref="Time"/>) and a raw REST client for it: each call
/// sends the documented JSON (https://cloud.google.com/pubsub/docs/reference/rest) and returns the status and body.
/// </summary>
public sealed class PubSubTestBed : IAsyncLifetime
{
    public const string Project = "lake-test";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));

    public FakePubSubServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakePubSubServer.StartAsync(Time);
        Server.PullWaitTime = TimeSpan.FromMilliseconds(200);
        Http = new HttpClient { BaseAddress = Server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    public static string Topic(string id) => $"projects/{Project}/topics/{id}";

    public static string Subscription(string id) => $"projects/{Project}/subscriptions/{id}";

    public async Task<(int Status, JsonObject Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, "v1/" + path);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }

    public async Task CreateTopicAsync(string id) => Ok(await SendAsync(HttpMethod.Put, Topic(id), new { }));

    public async Task CreateSubscriptionAsync(string id, string topic, object? extra = null)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra ?? new { }))!.AsObject();
        body["topic"] = Topic(topic);
        Ok(await SendAsync(HttpMethod.Put, Subscription(id), body));
    }

    public async Task<IReadOnlyList<string>> PublishAsync(string topic, params object[] messages)
    {
        var (_, body) = Ok(await SendAsync(HttpMethod.Post, Topic(topic) + ":publish", new { messages }));
        return body["messageIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
    }

    public static object Message(
        string text, Dictionary<string, string>? attributes = null, string? orderingKey = null) =>
        new { data = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), attributes, orderingKey };

    /// <summary>Pulls with <c>returnImmediately</c>; returns the received messages (possibly none).</summary>
    public async Task<List<JsonObject>> PullAsync(string subscription, int max = 10, bool returnImmediately = true)
    {
        var (_, body) = Ok(await SendAsync(HttpMethod.Post, Subscription(subscription) + ":pull",
            new { maxMessages = max, returnImmediately }));
        return body["receivedMessages"]?.AsArray().Select(m => m!.AsObject()).ToList() ?? [];
    }

    public static string Text(JsonObject received) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(received["message"]!["data"]!.GetValue<string>()));

    public static string AckId(JsonObject received) => received["ackId"]!.GetValue<string>();

    public async Task AckAsync(string subscription, params string[] ackIds) =>
        Ok(await SendAsync(HttpMethod.Post, Subscription(subscription) + ":acknowledge", new { ackIds }));

    public async Task ModifyAsync(string subscription, int seconds, params string[] ackIds) =>
        Ok(await SendAsync(HttpMethod.Post, Subscription(subscription) + ":modifyAckDeadline",
            new { ackIds, ackDeadlineSeconds = seconds }));

    private static (int Status, JsonObject Body) Ok((int Status, JsonObject Body) answer) =>
        answer.Status == 200
            ? answer
            : throw new InvalidOperationException($"Pub/Sub answered {answer.Status}: {answer.Body}");
}
