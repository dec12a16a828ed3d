using System.Net.Http.Json;
using System.Text;
using EcommerceLake.Google.Tests.Support;
using EcommerceLake.Testing.Fakes.PubSub;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Google.Tests.PubSub;

/// <summary>
/// Delivery by the fake Pub/Sub as documented: leases, ack deadlines, nacks, retry backoff, dead-lettering
/// (https://cloud.google.com/pubsub/docs/handling-failures), fan-out, ordering keys and limits.
/// </summary>
public sealed class When_the_pubsub_fake_delivers_messages : IAsyncLifetime
{
    private readonly PubSubTestBed _bed = new();

    public Task InitializeAsync() => _bed.InitializeAsync();

    public Task DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task Should_deliver_data_and_attributes_once_acknowledged_never_again()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders");
        var ids = await _bed.PublishAsync("orders", PubSubTestBed.Message("hello", new() { ["MessageId"] = "m-1" }));

        var received = await _bed.PullAsync("orders-sub");
        await _bed.AckAsync("orders-sub", PubSubTestBed.AckId(received.Single()));
        _bed.Time.Advance(TimeSpan.FromMinutes(5));
        var after = await _bed.PullAsync("orders-sub");

        PubSubTestBed.Text(received.Single()).Should().Be("hello");
        received.Single()["message"]!["messageId"]!.GetValue<string>().Should().Be(ids.Single());
        received.Single()["message"]!["attributes"]!["MessageId"]!.GetValue<string>().Should().Be("m-1");
        received.Single()["message"]!["publishTime"]!.GetValue<string>().Should().Be("2026-12-02T06:00:00.000000Z");
        received.Single().ContainsKey("deliveryAttempt").Should().BeFalse("there is no dead-letter policy");
        after.Should().BeEmpty();
        _bed.Server.Inspect(PubSubTestBed.Subscription("orders-sub"))!.AckedMessageIds.Should().Equal(ids);
    }

    [Fact]
    public async Task Should_redeliver_when_the_ack_deadline_expires_and_ignore_the_stale_ack_id()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders", new { ackDeadlineSeconds = 20 });
        await _bed.PublishAsync("orders", PubSubTestBed.Message("hello"));

        var first = await _bed.PullAsync("orders-sub");
        _bed.Time.Advance(TimeSpan.FromSeconds(19));
        var during = await _bed.PullAsync("orders-sub");
        _bed.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await _bed.PullAsync("orders-sub");
        await _bed.AckAsync("orders-sub", PubSubTestBed.AckId(first.Single()));
        var state = _bed.Server.Inspect(PubSubTestBed.Subscription("orders-sub"))!;

        first.Should().ContainSingle();
        during.Should().BeEmpty("the lease still holds");
        PubSubTestBed.Text(second.Single()).Should().Be("hello");
        PubSubTestBed.AckId(second.Single()).Should().NotBe(PubSubTestBed.AckId(first.Single()));
        state.Outstanding.Should().ContainSingle("the first delivery's ack id is stale");
        state.AckedMessageIds.Should().BeEmpty();
    }

    [Fact]
    public async Task Should_extend_a_lease_with_modify_ack_deadline()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders");
        await _bed.PublishAsync("orders", PubSubTestBed.Message("hello"));

        var first = await _bed.PullAsync("orders-sub");
        await _bed.ModifyAsync("orders-sub", 60, PubSubTestBed.AckId(first.Single()));
        _bed.Time.Advance(TimeSpan.FromSeconds(59));
        var during = await _bed.PullAsync("orders-sub");
        await _bed.AckAsync("orders-sub", PubSubTestBed.AckId(first.Single()));

        during.Should().BeEmpty();
        _bed.Server.Inspect(PubSubTestBed.Subscription("orders-sub"))!.AckedMessageIds.Should().ContainSingle();
    }

    [Fact]
    public async Task Should_redeliver_a_nack_after_the_retry_policy_s_minimum_backoff()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders",
            new { retryPolicy = new { minimumBackoff = "5s", maximumBackoff = "60s" } });
        await _bed.PublishAsync("orders", PubSubTestBed.Message("hello"));

        var first = await _bed.PullAsync("orders-sub");
        await _bed.ModifyAsync("orders-sub", 0, PubSubTestBed.AckId(first.Single()));
        var during = await _bed.PullAsync("orders-sub");
        _bed.Time.Advance(TimeSpan.FromSeconds(5));
        var second = await _bed.PullAsync("orders-sub");

        during.Should().BeEmpty("the backoff has not passed");
        PubSubTestBed.Text(second.Single()).Should().Be("hello");
    }

    [Fact]
    public async Task Should_wake_a_waiting_pull_when_a_message_is_published()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders");
        _bed.Server.PullWaitTime = TimeSpan.FromSeconds(30);

        var pull = _bed.PullAsync("orders-sub", returnImmediately: false);
        await WaitUntilAsync(() => _bed.Server.Requests.Any(r => r.Operation == FakePubSubOperation.Pull));
        await _bed.PublishAsync("orders", PubSubTestBed.Message("late"));
        var received = await pull.WaitAsync(TimeSpan.FromSeconds(10));

        PubSubTestBed.Text(received.Single()).Should().Be("late");
    }

    [Fact]
    public async Task Should_lease_nothing_for_a_slow_pull_its_client_gave_up()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders");
        await _bed.PublishAsync("orders", PubSubTestBed.Message("hello"));
        _bed.Server.PullDelay = TimeSpan.FromMinutes(5);

        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var pull = () => _bed.Http.PostAsJsonAsync("v1/" + PubSubTestBed.Subscription("orders-sub") + ":pull",
            new { maxMessages = 1 }, giveUp.Token);

        await pull.Should().ThrowAsync<OperationCanceledException>();
        _bed.Server.PullDelay = TimeSpan.Zero;
        PubSubTestBed.Text((await _bed.PullAsync("orders-sub")).Single()).Should().Be("hello");
    }

    [Fact]
    public async Task Should_wake_a_waiting_pull_when_a_lease_expires_on_the_time_provider()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders");
        await _bed.PublishAsync("orders", PubSubTestBed.Message("hello"));
        (await _bed.PullAsync("orders-sub")).Should().ContainSingle();
        _bed.Server.PullWaitTime = TimeSpan.FromSeconds(30);

        var pull = _bed.PullAsync("orders-sub", returnImmediately: false);
        await WaitUntilAsync(() => _bed.Server.Requests.Count(r => r.Operation == FakePubSubOperation.Pull) == 2);
        _bed.Time.Advance(TimeSpan.FromSeconds(10));
        var received = await pull.WaitAsync(TimeSpan.FromSeconds(10));

        PubSubTestBed.Text(received.Single()).Should().Be("hello");
        _bed.Server.Inspect(PubSubTestBed.Subscription("orders-sub"))!.DeliveryCounts.Values.Single().Should().Be(2);
    }

    [Fact]
    public async Task Should_drop_messages_older_than_the_retention_duration()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders", new { messageRetentionDuration = "600s" });
        await _bed.PublishAsync("orders", PubSubTestBed.Message("old"));

        _bed.Time.Advance(TimeSpan.FromMinutes(10));
        await _bed.PublishAsync("orders", PubSubTestBed.Message("new"));
        var received = await _bed.PullAsync("orders-sub");

        received.Select(PubSubTestBed.Text).Should().Equal("new");
    }

    [Fact]
    public async Task Should_answer_an_empty_object_when_a_long_poll_finds_nothing()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders");

        var (status, body) = await _bed.SendAsync(HttpMethod.Post, PubSubTestBed.Subscription("orders-sub") + ":pull",
            new { maxMessages = 5 });

        status.Should().Be(200);
        body.Should().BeEmpty();
    }

    [Fact]
    public async Task Should_count_delivery_attempts_and_dead_letter_after_the_maximum()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateTopicAsync("orders-dead");
        await _bed.CreateSubscriptionAsync("orders-dead-sub", "orders-dead");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders", new
        {
            deadLetterPolicy = new { deadLetterTopic = PubSubTestBed.Topic("orders-dead"), maxDeliveryAttempts = 5 },
        });
        var ids = await _bed.PublishAsync("orders", PubSubTestBed.Message("poison", new() { ["kind"] = "bad" }));

        var attempts = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var received = (await _bed.PullAsync("orders-sub")).Single();
            attempts.Add(received["deliveryAttempt"]!.GetValue<int>());
            await _bed.ModifyAsync("orders-sub", 0, PubSubTestBed.AckId(received));
        }
        var afterwards = await _bed.PullAsync("orders-sub");
        var dead = (await _bed.PullAsync("orders-dead-sub")).Single();
        var state = _bed.Server.Inspect(PubSubTestBed.Subscription("orders-sub"))!;

        attempts.Should().Equal(1, 2, 3, 4, 5);
        afterwards.Should().BeEmpty();
        PubSubTestBed.Text(dead).Should().Be("poison");
        var attributes = dead["message"]!["attributes"]!;
        attributes["kind"]!.GetValue<string>().Should().Be("bad");
        attributes["CloudPubSubDeadLetterSourceDeliveryCount"]!.GetValue<string>().Should().Be("5");
        attributes["CloudPubSubDeadLetterSourceSubscription"]!.GetValue<string>().Should().Be("orders-sub");
        attributes["CloudPubSubDeadLetterSourceSubscriptionProject"]!.GetValue<string>()
            .Should().Be(PubSubTestBed.Project);
        state.DeadLettered.Should().ContainSingle();
        state.DeliveryCounts[ids.Single()].Should().Be(5);
        state.Backlog.Should().BeEmpty();
    }

    [Fact]
    public async Task Should_fan_out_to_every_subscription_existing_at_publish_time()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateSubscriptionAsync("sub-a", "orders");
        await _bed.CreateSubscriptionAsync("sub-b", "orders");
        await _bed.PublishAsync("orders", PubSubTestBed.Message("one"));
        await _bed.CreateSubscriptionAsync("late", "orders");

        (await _bed.PullAsync("sub-a")).Should().ContainSingle();
        (await _bed.PullAsync("sub-b")).Should().ContainSingle();
        (await _bed.PullAsync("late")).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_hold_back_later_messages_of_an_ordering_key_until_earlier_ones_are_acknowledged()
    {
        await _bed.CreateTopicAsync("orders");
        await _bed.CreateSubscriptionAsync("orders-sub", "orders", new { enableMessageOrdering = true });
        await _bed.PublishAsync("orders",
            PubSubTestBed.Message("k1-a", orderingKey: "k1"), PubSubTestBed.Message("k1-b", orderingKey: "k1"),
            PubSubTestBed.Message("k2-a", orderingKey: "k2"));

        var first = await _bed.PullAsync("orders-sub", max: 1);
        var second = await _bed.PullAsync("orders-sub");
        await _bed.ModifyAsync("orders-sub", 0, PubSubTestBed.AckId(first.Single()));
        var third = await _bed.PullAsync("orders-sub");

        first.Select(PubSubTestBed.Text).Should().Equal("k1-a");
        second.Select(PubSubTestBed.Text).Should().Equal("k2-a");
        third.Select(PubSubTestBed.Text).Should().Equal("k1-a", "k1-b");
    }

    [Fact]
    public async Task Should_reject_attributes_over_pub_sub_s_limits()
    {
        await _bed.CreateTopicAsync("orders");
        var tooMany = Enumerable.Range(0, 101).ToDictionary(i => $"k{i}", _ => "v");
        var longKey = new Dictionary<string, string> { [new string('k', 257)] = "v" };
        var longValue = new Dictionary<string, string> { ["k"] = new string('v', 1025) };

        foreach (var attributes in new[] { tooMany, longKey, longValue })
        {
            var (status, body) = await _bed.SendAsync(HttpMethod.Post, PubSubTestBed.Topic("orders") + ":publish",
                new { messages = new[] { PubSubTestBed.Message("x", attributes) } });
            status.Should().Be(400);
            body["error"]!["status"]!.GetValue<string>().Should().Be("INVALID_ARGUMENT");
        }
        _bed.Server.Published(PubSubTestBed.Topic("orders")).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_reject_a_request_over_ten_mebibytes()
    {
        await _bed.CreateTopicAsync("orders");
        var data = Convert.ToBase64String(Encoding.ASCII.GetBytes(new string('x', 8 * 1024 * 1024)));

        var (status, body) = await _bed.SendAsync(HttpMethod.Post, PubSubTestBed.Topic("orders") + ":publish",
            new { messages = new[] { new { data } } });

        status.Should().Be(400);
        body["error"]!["message"]!.GetValue<string>()
            .Should().Be("Request payload size exceeds the limit: 10485760 bytes.");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition()) await Task.Delay(10, timeout.Token);
    }
}
