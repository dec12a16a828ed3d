using EcommerceLake.PubSub.Tests.Support;
using EcommerceLake.Testing.Fakes.PubSub;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EcommerceLake.PubSub.Tests.Transport;

/// <summary>The transport against the contract fake: publish and consume, send to an endpoint, competing consumers,
/// headers as attributes.</summary>
public sealed class When_messages_travel_over_pubsub : IAsyncLifetime
{
    private FakePubSubServer _fake = null!;
    private readonly string _prefix = $"t{Guid.NewGuid():N}"[..12] + "-";

    public async Task InitializeAsync() => _fake = await FakePubSubServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Should_deliver_a_published_event_to_its_consumer_and_ack_it()
    {
        var received = new Received();
        await using var bus = await StartAsync("a", received);

        await bus.Bus.Publish(new ThingHappened { Number = 7 }, c =>
        {
            c.Headers.Set("X-Lake-Test", "kept");
            c.CorrelationId = Guid.Parse("11111111-2222-3333-4444-555555555555");
        });
        await received.WaitForAsync(1);

        var seen = received.All.Single();
        seen.Number.Should().Be(7);
        seen.Context.Headers.Get<string>("X-Lake-Test").Should().Be("kept");
        seen.Context.CorrelationId.Should().Be(Guid.Parse("11111111-2222-3333-4444-555555555555"));
        var topic = $"projects/{PubSubBus.Project}/topics/{_prefix}EcommerceLake.PubSub.Tests.Support.ThingHappened";
        var published = _fake.Published(topic).Should().ContainSingle().Subject;
        published.Attributes.Should().ContainKey("MessageId").And.ContainKey("Content-Type")
            .And.Contain("X-Lake-Test", "kept").And.Contain("CorrelationId", "11111111-2222-3333-4444-555555555555");
        var subscription = bus.Subscription("recording.EcommerceLake.PubSub.Tests.Support.ThingHappened");
        await Eventually.HoldsAsync(() => _fake.Inspect(subscription)!.AckedMessageIds.Count == 1, "acked");
    }

    [Fact]
    public async Task Should_keep_a_command_sent_before_its_consumer_started()
    {
        var received = new Received();
        await using (var sender = await PubSubBus.StartAsync(_fake, _prefix, _ => { }))
        {
            var endpoint = await sender.Bus.GetSendEndpoint(new Uri("queue:recording"));
            await endpoint.Send(new DoThing { Number = 3 });
        }
        await using var bus = await StartAsync("a", received);
        await received.WaitForAsync(1);
        received.All.Single().Number.Should().Be(3);
    }

    [Fact]
    public async Task Should_share_an_endpoint_between_two_instances_handling_each_message_once()
    {
        var received = new Received();
        var both = new TaskCompletionSource();
        var gate = new BothBusesGate(both);
        await using var a = await StartAsync("a", received, gate, o => o.MaxOutstandingMessages = 1);
        await using var b = await StartAsync("b", received, gate, o => o.MaxOutstandingMessages = 1);

        for (var i = 0; i < 20; i++) await a.Bus.Publish(new ThingHappened { Number = i });
        await received.WaitForAsync(20);

        received.All.Select(r => r.Number).Order().Should().Equal(Enumerable.Range(0, 20));
        received.All.Select(r => r.Bus).Distinct().Should().BeEquivalentTo(["a", "b"], "both instances took work");
    }

    private Task<PubSubBus> StartAsync(string name, Received received, BothBusesGate? gate = null,
        Action<PubSubOptions>? tune = null) =>
        PubSubBus.StartAsync(_fake, _prefix, x =>
        {
            x.AddConsumer<RecordingConsumer>().Endpoint(e => e.Name = "recording");
        }, tune, services: s =>
        {
            s.AddSingleton(received);
            s.AddSingleton(new BusName(name));
            if (gate is not null) s.AddSingleton<IConsumeObserver>(new GateObserver(gate, name));
        });

    /// <summary>Holds the first message of each bus until both buses have one: proof that both took work while
    /// neither could take everything.</summary>
    private sealed class BothBusesGate(TaskCompletionSource both)
    {
        private readonly HashSet<string> _buses = [];

        public Task Enter(string bus)
        {
            lock (_buses)
            {
                _buses.Add(bus);
                if (_buses.Count == 2) both.TrySetResult();
            }
            return both.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private sealed class GateObserver(BothBusesGate gate, string bus) : IConsumeObserver
    {
        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => gate.Enter(bus);
        public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;
        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class =>
            Task.CompletedTask;
    }
}
