using EcommerceLake.PubSub.Rest;
using EcommerceLake.PubSub.Tests.Support;
using EcommerceLake.Testing.Fakes.PubSub;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EcommerceLake.PubSub.Tests.Transport;

/// <summary>The transport's delivery guarantees against the contract fake: lease extension, nack and redelivery,
/// <c>_error</c>, dead-lettering, shutdown, transient HTTP failures and the size limit.</summary>
public sealed class When_delivery_goes_wrong : IAsyncLifetime
{
    private const string ThingTopic = "EcommerceLake.PubSub.Tests.Support.ThingHappened";
    private FakePubSubServer _fake = null!;
    private FakeTimeProvider? _time;
    private readonly string _prefix = $"t{Guid.NewGuid():N}"[..12] + "-";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_fake is not null) await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Should_extend_the_ack_deadline_while_a_slow_consumer_runs()
    {
        _time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _fake = await FakePubSubServer.StartAsync(_time);
        var control = new SlowControl();
        await using var bus = await StartAsync(x => x.AddConsumer<SlowConsumer>().Endpoint(e => e.Name = "slow"),
            s => s.AddSingleton(control), time: _time);
        var subscription = bus.Subscription("slow." + ThingTopic);

        await bus.Bus.Publish(new ThingHappened { Number = 1 });
        await control.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Three ack deadlines (10 s each) pass on the fake's clock while the consumer runs; the transport extends the
        // lease every third of the deadline, so the message is never redelivered.
        for (var step = 0; step < 9; step++)
        {
            var extensions = ModifyAckDeadlineCount();
            _time.Advance(TimeSpan.FromSeconds(10 / 3.0 + 0.01));
            await Eventually.HoldsAsync(() => ModifyAckDeadlineCount() > extensions, "extended");
            _fake.Inspect(subscription)!.Outstanding.Should().ContainSingle("the lease still holds");
        }
        control.Finish.TrySetResult();
        await Eventually.HoldsAsync(() => _fake.Inspect(subscription)!.AckedMessageIds.Count == 1, "acked");
        _fake.Inspect(subscription)!.DeliveryCounts.Values.Should().Equal([1], "delivered once, never again");
        control.Runs.Should().Be(1);
    }

    [Fact]
    public async Task Should_nack_when_the_pipeline_fails_and_move_the_redelivered_message_to_error()
    {
        _fake = await FakePubSubServer.StartAsync();
        await using var bus = await StartAsync(x => x.AddConsumer<FailingConsumer>().Endpoint(e => e.Name = "failing"),
            tune: o => o.MaxAttempts = 1);
        var subscription = bus.Subscription("failing." + ThingTopic);
        await bus.Bus.Publish(new ThingHappened { Number = 2 });
        // The consumer throws, and on the first delivery both publishes of the fault handling fail (its Fault event,
        // then MassTransit's ReceiveFault): the pipeline faults, the message is nacked, Pub/Sub delivers it again, and
        // that time it lands in _error.
        _fake.FailNext(FakePubSubOperation.Publish, 2, 503);

        var error = bus.Subscription("failing_error");
        await Eventually.HoldsAsync(() => _fake.Inspect(error)?.Backlog.Count == 1, "moved to failing_error",
            describe: Describe);
        var moved = _fake.Inspect(error)!.Backlog.Single();
        moved.Attributes.Should().ContainKey("MT-Fault-Message").WhoseValue.Should().Contain("always fails");
        await Eventually.HoldsAsync(() => _fake.Inspect(subscription)!.AckedMessageIds.Count == 1, "acked");
        _fake.Inspect(subscription)!.DeliveryCounts.Values.Should().Equal([2], "nacked once, delivered again");
    }

    [Fact]
    public async Task Should_dead_letter_after_the_maximum_delivery_attempts()
    {
        _fake = await FakePubSubServer.StartAsync();
        await using var bus = await StartAsync(x => x.AddConsumer<FailingConsumer>().Endpoint(e => e.Name = "poison"),
            tune: o =>
            {
                o.MaxAttempts = 1;
                o.MaxDeliveryAttempts = 5;
            });
        await bus.Bus.Publish(new ThingHappened { Number = 3 });
        // Every move to _error fails: each delivery ends in a nack, and Pub/Sub dead-letters after 5.
        _fake.FailNext(FakePubSubOperation.Publish, 1000, 503);

        // The endpoint pulls its dead-letter subscription too (to give such messages up on through its error pipe);
        // while every move to _error fails, the message stays there, waiting or leased.
        var deadLetter = bus.Subscription("poison_dead-letter");
        await Eventually.HoldsAsync(() => _fake.Inspect(deadLetter) is { } s
            && s.Backlog.Count + s.Outstanding.Count == 1, "dead-lettered");
        var subscription = _fake.Inspect(bus.Subscription("poison." + ThingTopic))!;
        subscription.DeliveryCounts.Values.Should().Equal([5]);
        subscription.DeadLettered.Should().ContainSingle();
    }

    [Fact]
    public async Task Should_release_in_flight_messages_when_stopping()
    {
        _fake = await FakePubSubServer.StartAsync();
        // Long polls end within 100 ms: no pull the stopping endpoint gave up on can still be waiting on the server, to
        // lease the message, when the endpoint releases it a second later (a server answers a pull whose client has
        // gone until it notices; the message then returns only when its deadline passes).
        _fake.PullWaitTime = TimeSpan.FromMilliseconds(100);
        var control = new SlowControl();
        var bus = await StartAsync(x => x.AddConsumer<SlowConsumer>().Endpoint(e => e.Name = "stopping"),
            s => s.AddSingleton(control), tune: o => o.ShutdownTimeoutSeconds = 1);
        var subscription = bus.Subscription("stopping." + ThingTopic);
        await bus.Bus.Publish(new ThingHappened { Number = 4 });
        await control.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var stopping = bus.DisposeAsync().AsTask();
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));

        var state = _fake.Inspect(subscription)!;
        state.Outstanding.Should().BeEmpty("the message held at shutdown was released");
        state.Backlog.Should().ContainSingle("it waits for another instance");
        state.AckedMessageIds.Should().BeEmpty();
    }

    [Fact]
    public async Task Should_survive_429_503_and_dropped_connections()
    {
        _fake = await FakePubSubServer.StartAsync();
        var received = new Received();
        await using var bus = await StartAsync(x => x.AddConsumer<RecordingConsumer>().Endpoint(e => e.Name = "rough"),
            s =>
            {
                s.AddSingleton(received);
                s.AddSingleton(new BusName("a"));
            });
        _fake.FailNext(FakePubSubOperation.Publish, 2, 429);
        _fake.FailNext(FakePubSubOperation.Pull, 2, 503);
        _fake.DropNext(FakePubSubOperation.Pull, 1);
        _fake.FailNext(FakePubSubOperation.Acknowledge, 1, 503);

        for (var i = 0; i < 5; i++) await bus.Bus.Publish(new ThingHappened { Number = i });
        await received.WaitForAsync(5);

        received.All.Select(r => r.Number).Order().Should().Equal(Enumerable.Range(0, 5));
        var subscription = bus.Subscription("rough." + ThingTopic);
        await Eventually.HoldsAsync(() => _fake.Inspect(subscription)!.AckedMessageIds.Count == 5, "all acked");
    }

    [Fact]
    public async Task Should_refuse_a_message_over_10_MB_naming_the_limit_and_the_type()
    {
        _fake = await FakePubSubServer.StartAsync();
        await using var bus = await StartAsync(_ => { });
        var act = () => bus.Bus.Publish(new ThingHappened { Number = 5, Payload = new string('x', 10_500_000) });
        (await act.Should().ThrowAsync<MessageTooLargeException>())
            .Which.Message.Should().Contain("ThingHappened").And.Contain("10 MB");
    }

    private string Describe() => string.Join("\n", _fake.Requests.Select(r => $"{r.Method} {r.Path} {r.Status}"));

    private int ModifyAckDeadlineCount() =>
        _fake.Requests.Count(r => r.Operation == FakePubSubOperation.ModifyAckDeadline && r.Status == 200);

    private Task<PubSubBus> StartAsync(Action<IBusRegistrationConfigurator> register,
        Action<IServiceCollection>? services = null, Action<PubSubOptions>? tune = null, TimeProvider? time = null) =>
        PubSubBus.StartAsync(_fake, _prefix, register, tune, time, services);

    public sealed class SlowControl
    {
        private int _runs;
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Finish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Runs => _runs;
        public void Ran() => Interlocked.Increment(ref _runs);
    }

    public sealed class SlowConsumer(SlowControl control) : IConsumer<ThingHappened>
    {
        public async Task Consume(ConsumeContext<ThingHappened> context)
        {
            control.Ran();
            control.Started.TrySetResult();
            await control.Finish.Task.WaitAsync(context.CancellationToken);
        }
    }

    public sealed class FailingConsumer : IConsumer<ThingHappened>
    {
        public Task Consume(ConsumeContext<ThingHappened> context) =>
            throw new InvalidOperationException("This consumer always fails.");
    }
}
