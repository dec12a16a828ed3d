using System.Net.Http.Json;
using EcommerceLake.Google.Tests.Support;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Google.Tests.PubSub;

/// <summary>
/// The fake Pub/Sub's admin surface and error contract, called with the documented REST JSON
/// (https://cloud.google.com/pubsub/docs/reference/rest).
/// </summary>
public sealed class When_the_pubsub_fake_serves_the_rest_api : IAsyncLifetime
{
    private readonly PubSubTestBed _bed = new();

    public Task InitializeAsync() => _bed.InitializeAsync();

    public Task DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task Should_answer_already_exists_and_not_found_in_pubsub_s_error_shape()
    {
        await _bed.CreateTopicAsync("orders");

        var (status, body) = await _bed.SendAsync(HttpMethod.Put, PubSubTestBed.Topic("orders"), new { });
        var (missingStatus, missing) = await _bed.SendAsync(HttpMethod.Get, PubSubTestBed.Subscription("nobody"));
        var (orphanStatus, orphan) = await _bed.SendAsync(HttpMethod.Put, PubSubTestBed.Subscription("sub-s"),
            new { topic = PubSubTestBed.Topic("absent") });

        status.Should().Be(409);
        body["error"]!["status"]!.GetValue<string>().Should().Be("ALREADY_EXISTS");
        body["error"]!["code"]!.GetValue<int>().Should().Be(409);
        body["error"]!["message"]!.GetValue<string>()
            .Should().Be("Resource already exists in the project (resource=orders).");
        missingStatus.Should().Be(404);
        missing["error"]!["status"]!.GetValue<string>().Should().Be("NOT_FOUND");
        orphanStatus.Should().Be(404);
        orphan["error"]!["message"]!.GetValue<string>().Should().Be("Resource not found (resource=absent).");
    }

    [Fact]
    public async Task Should_reject_invalid_names_deadlines_and_delivery_attempts()
    {
        await _bed.CreateTopicAsync("orders");

        var badName = await _bed.SendAsync(HttpMethod.Put, PubSubTestBed.Topic("goog-x"), new { });
        var badDeadline = await _bed.SendAsync(HttpMethod.Put, PubSubTestBed.Subscription("sub-1"),
            new { topic = PubSubTestBed.Topic("orders"), ackDeadlineSeconds = 601 });
        var badAttempts = await _bed.SendAsync(HttpMethod.Put, PubSubTestBed.Subscription("sub-2"), new
        {
            topic = PubSubTestBed.Topic("orders"),
            deadLetterPolicy = new { deadLetterTopic = PubSubTestBed.Topic("orders"), maxDeliveryAttempts = 4 },
        });

        badName.Status.Should().Be(400);
        badDeadline.Status.Should().Be(400);
        badDeadline.Body["error"]!["message"]!.GetValue<string>().Should().Contain("ack_deadline_seconds");
        badAttempts.Status.Should().Be(400);
        badAttempts.Body["error"]!["status"]!.GetValue<string>().Should().Be("INVALID_ARGUMENT");
        _bed.Server.Subscriptions.Should().BeEmpty();
    }

    [Fact]
    public async Task Should_reject_an_unknown_or_misspelt_field_as_google_s_front_end_does()
    {
        await _bed.CreateTopicAsync("orders");

        var topLevel = await _bed.SendAsync(HttpMethod.Put, PubSubTestBed.Subscription("sub-1"),
            new { topic = PubSubTestBed.Topic("orders"), ackDeadline = 30 });
        var nested = await _bed.SendAsync(HttpMethod.Put, PubSubTestBed.Subscription("sub-2"),
            new { topic = PubSubTestBed.Topic("orders"), retryPolicy = new { minBackoff = "1s" } });
        var inMessage = await _bed.SendAsync(HttpMethod.Post, PubSubTestBed.Topic("orders") + ":publish",
            new { messages = new[] { new { data = "eA==", attributes = new { a = "1" }, ordering_key = "k" } } });

        topLevel.Status.Should().Be(400);
        topLevel.Body["error"]!["message"]!.GetValue<string>()
            .Should().Be("Invalid JSON payload received. Unknown name \"ackDeadline\": Cannot find field.");
        nested.Body["error"]!["message"]!.GetValue<string>().Should().Contain("\"minBackoff\" at 'retry_policy'");
        inMessage.Status.Should().Be(400);
        _bed.Server.Subscriptions.Should().BeEmpty();
        _bed.Server.Published(PubSubTestBed.Topic("orders")).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_word_an_out_of_range_delivery_attempt_count_as_pub_sub_does()
    {
        await _bed.CreateTopicAsync("orders");

        var (_, body) = await _bed.SendAsync(HttpMethod.Put, PubSubTestBed.Subscription("sub-1"), new
        {
            topic = PubSubTestBed.Topic("orders"),
            deadLetterPolicy = new { deadLetterTopic = PubSubTestBed.Topic("orders"), maxDeliveryAttempts = 101 },
        });

        body["error"]!["message"]!.GetValue<string>().Should().Be(
            "The value for max_delivery_attempts is too large. You passed 101 in the request, "
            + "but the maximum value is 100.");
    }

    [Fact]
    public async Task Should_reject_a_malformed_ack_id_and_ignore_an_unknown_one()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders");

        var malformed = await _bed.SendAsync(HttpMethod.Post, PubSubTestBed.Subscription("orders-sub") + ":acknowledge",
            new { ackIds = new[] { "garbage" } });
        var unknown = await _bed.SendAsync(HttpMethod.Post, PubSubTestBed.Subscription("orders-sub") + ":acknowledge",
            new { ackIds = new[] { "999-1-1" } });

        malformed.Status.Should().Be(400);
        malformed.Body["error"]!["message"]!.GetValue<string>().Should().Contain("ack_id=garbage");
        unknown.Status.Should().Be(200, "Pub/Sub ignores ack ids it no longer knows (expired leases)");
    }

    [Fact]
    public async Task Should_echo_a_subscription_s_policies_and_defaults()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateTopicAsync("orders-dead");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders", new
        {
            ackDeadlineSeconds = 30,
            retryPolicy = new { minimumBackoff = "1s", maximumBackoff = "60s" },
            deadLetterPolicy = new { deadLetterTopic = PubSubTestBed.Topic("orders-dead"), maxDeliveryAttempts = 7 },
            expirationPolicy = new { },
            enableMessageOrdering = true,
        });

        var (_, sub) = await _bed.SendAsync(HttpMethod.Get, PubSubTestBed.Subscription("orders-sub"));
        var (_, listed) = await _bed.SendAsync(HttpMethod.Get, PubSubTestBed.Topic("orders") + "/subscriptions");

        sub["ackDeadlineSeconds"]!.GetValue<int>().Should().Be(30);
        sub["retryPolicy"]!["minimumBackoff"]!.GetValue<string>().Should().Be("1s");
        sub["deadLetterPolicy"]!["maxDeliveryAttempts"]!.GetValue<int>().Should().Be(7);
        sub["expirationPolicy"]!.AsObject().Should().BeEmpty("an empty expiration policy never expires");
        sub["messageRetentionDuration"]!.GetValue<string>().Should().Be("604800s");
        sub["enableMessageOrdering"]!.GetValue<bool>().Should().BeTrue();
        listed["subscriptions"]!.AsArray().Select(n => n!.GetValue<string>())
            .Should().Equal(PubSubTestBed.Subscription("orders-sub"));
    }

    [Fact]
    public async Task Should_page_topic_lists_and_keep_subscriptions_of_a_deleted_topic()
    {
        foreach (var id in new[] { "a-topic", "b-topic", "c-topic" }) await _bed.CreateTopicAsync(id);
        await _bed.CreateSubscriptionAsync("b-sub", "b-topic");

        var (_, first) = await _bed.SendAsync(HttpMethod.Get, $"projects/{PubSubTestBed.Project}/topics?pageSize=2");
        var token = first["nextPageToken"]!.GetValue<string>();
        var (_, second) = await _bed.SendAsync(HttpMethod.Get,
            $"projects/{PubSubTestBed.Project}/topics?pageSize=2&pageToken={token}");
        var (deleted, _) = await _bed.SendAsync(HttpMethod.Delete, PubSubTestBed.Topic("b-topic"));
        var (_, orphan) = await _bed.SendAsync(HttpMethod.Get, PubSubTestBed.Subscription("b-sub"));

        first["topics"]!.AsArray().Should().HaveCount(2);
        second["topics"]!.AsArray().Single()!["name"]!.GetValue<string>().Should().Be(PubSubTestBed.Topic("c-topic"));
        second.ContainsKey("nextPageToken").Should().BeFalse();
        deleted.Should().Be(200);
        orphan["topic"]!.GetValue<string>().Should().Be("_deleted-topic_");
    }

    [Fact]
    public async Task Should_answer_scripted_failures_then_serve_again()
    {
        await _bed.CreateTopicAsync("orders");
        _bed.Server.FailNext(Testing.Fakes.PubSub.FakePubSubOperation.Publish, 2, 429);

        var first = await _bed.SendAsync(HttpMethod.Post, PubSubTestBed.Topic("orders") + ":publish",
            new { messages = new[] { PubSubTestBed.Message("x") } });
        var second = await _bed.SendAsync(HttpMethod.Post, PubSubTestBed.Topic("orders") + ":publish",
            new { messages = new[] { PubSubTestBed.Message("x") } });
        var ids = await _bed.PublishAsync("orders", PubSubTestBed.Message("x"));

        first.Status.Should().Be(429);
        first.Body["error"]!["status"]!.GetValue<string>().Should().Be("RESOURCE_EXHAUSTED");
        second.Status.Should().Be(429);
        ids.Should().ContainSingle();
        _bed.Server.Published(PubSubTestBed.Topic("orders")).Should().ContainSingle("failed requests take no effect");
    }

    [Fact]
    public async Task Should_drop_the_connection_before_the_publish_took_effect()
    {
        await _bed.CreateTopicAsync("orders");
        _bed.Server.DropNext(Testing.Fakes.PubSub.FakePubSubOperation.Publish, 1);

        var publish = () => _bed.Http.PostAsJsonAsync("v1/" + PubSubTestBed.Topic("orders") + ":publish",
            new { messages = new[] { PubSubTestBed.Message("x") } });

        await publish.Should().ThrowAsync<HttpRequestException>();
        _bed.Server.Published(PubSubTestBed.Topic("orders")).Should().BeEmpty();
        _bed.Server.Requests.Last().Status.Should().Be(0, "no answer was given");
    }

    [Fact]
    public async Task Should_drop_the_connection_after_the_publish_took_effect()
    {
        await _bed.CreateTopicAsync("orders");
        _bed.Server.DropNext(Testing.Fakes.PubSub.FakePubSubOperation.Publish, 1, afterEffect: true);

        var publish = () => _bed.Http.PostAsJsonAsync("v1/" + PubSubTestBed.Topic("orders") + ":publish",
            new { messages = new[] { PubSubTestBed.Message("x") } });

        await publish.Should().ThrowAsync<HttpRequestException>();
        _bed.Server.Published(PubSubTestBed.Topic("orders"))
            .Should().ContainSingle("the answer was lost, not the message");
    }
}
