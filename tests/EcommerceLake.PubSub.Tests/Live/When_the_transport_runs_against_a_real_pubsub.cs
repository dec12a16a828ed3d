using EcommerceLake.PubSub.Rest;
using EcommerceLake.PubSub.Tests.Support;
using EcommerceLake.Testing.Fakes.PubSub;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EcommerceLake.PubSub.Tests.Live;

/// <summary>
/// The transport's round trip against a real Pub/Sub or an emulator (<see cref="LivePubSubFactAttribute"/>): a
/// published event reaches its consumer, a command sent to an endpoint reaches it, and a consumer's fault moves the
/// message to the endpoint's <c>_error</c> topic. Every name carries a prefix unique to the run, and everything under
/// it is deleted at the end, whatever the outcome.
/// </summary>
public sealed class When_the_transport_runs_against_a_real_pubsub
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [LivePubSubFact]
    public Task Should_publish_consume_send_and_move_a_fault_to_error() =>
        RoundTripAsync(LivePubSubFactAttribute.Project, LivePubSubFactAttribute.EmulatorHost);

    /// <summary>The live test's body against the contract fake, so that it is known to work (and to clean up) before
    /// anyone points it at a real project.</summary>
    [Fact]
    public async Task Should_pass_against_the_contract_fake_too()
    {
        await using var fake = await FakePubSubServer.StartAsync();
        await RoundTripAsync(LivePubSubFactAttribute.EmulatorProject, fake.EmulatorHost);
        fake.Requests.Should().Contain(r => r.Operation == FakePubSubOperation.DeleteTopic && r.Status == 200);
    }

    /// <summary>The round trip in <paramref name="project"/>, against <paramref name="emulatorHost"/> or (null)
    /// Google's service.</summary>
    internal static async Task RoundTripAsync(string project, string? emulatorHost)
    {
        var prefix = $"lake-live-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..31] + "-";
        var options = new PubSubOptions
        {
            ProjectId = project,
            EmulatorHost = emulatorHost,
            Prefix = prefix,
            AckDeadlineSeconds = 10,
            MinimumBackoffSeconds = 0,
            MaximumBackoffSeconds = 0,
            ShutdownTimeoutSeconds = 5,
        };
        await using var admin = new ServiceCollection().AddLogging().AddPubSubHttpClient(options)
            .BuildServiceProvider();
        var http = admin.GetRequiredService<IHttpClientFactory>().CreateClient(PubSubHttp.HttpClientName);
        var resources = new LivePubSubResources(http, options.ProjectId!, prefix);
        try
        {
            var received = new Received();
            await using (var bus = await PubSubBus.StartAsync(options, x =>
                         {
                             x.AddConsumer<RecordingConsumer>().Endpoint(e => e.Name = "recording");
                             x.AddConsumer<AlwaysFailingConsumer>().Endpoint(e => e.Name = "failing");
                         }, services: s => s.AddSingleton(received).AddSingleton(new BusName("live"))))
            {
                await bus.Bus.Publish(new ThingHappened { Number = 1 }, c => c.Headers.Set("X-Lake-Test", "kept"));
                var endpoint = await bus.Bus.GetSendEndpoint(new Uri("queue:recording"));
                await endpoint.Send(new DoThing { Number = 2 });
                await received.WaitForAsync(2, Patience);

                received.All.Select(r => r.Number).Order().Should().Equal(1, 2);
                received.All.Single(r => r.Number == 1).Context.Headers.Get<string>("X-Lake-Test")
                    .Should().Be("kept");
                var client = new PubSubRestClient(http, options.ProjectId!);
                var moved = await PullOneAsync(client, prefix + "failing_error");
                moved.Attributes.Should().ContainKey("MT-Fault-Message")
                    .WhoseValue.Should().Contain("always fails");
            }
        }
        finally
        {
            using var cleanup = new CancellationTokenSource(Patience);
            await resources.DeleteAllAsync(cleanup.Token);
        }
        (await resources.SubscriptionsAsync(CancellationToken.None)).Should().BeEmpty("the run deleted its own");
        (await resources.TopicsAsync(CancellationToken.None)).Should().BeEmpty("the run deleted its own");
    }

    private static async Task<ReceivedMessage> PullOneAsync(PubSubRestClient client, string subscription)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            deadline.Token.ThrowIfCancellationRequested();
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            wait.CancelAfter(TimeSpan.FromSeconds(10));
            IReadOnlyList<ReceivedMessage> pulled;
            try
            {
                pulled = await client.PullAsync(subscription, 1, wait.Token);
            }
            catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
            {
                continue;
            }
            catch (PubSubException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
            {
                // The transport makes _error and its subscription with the first move: not there yet.
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
                continue;
            }
            if (pulled.Count == 0) continue;
            await client.AcknowledgeAsync(subscription, pulled.Select(m => m.AckId).ToList(), deadline.Token);
            return pulled[0];
        }
    }

    /// <summary>Fails every message, so MassTransit moves it to the endpoint's <c>_error</c> topic.</summary>
    public sealed class AlwaysFailingConsumer : IConsumer<ThingHappened>
    {
        public Task Consume(ConsumeContext<ThingHappened> context) =>
            throw new InvalidOperationException("This consumer always fails.");
    }
}
