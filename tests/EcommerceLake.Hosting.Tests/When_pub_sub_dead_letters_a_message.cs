using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EcommerceLake.Testing;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace EcommerceLake.Hosting.Tests;

/// <summary>
/// A message Pub/Sub itself dead-lettered (its consumer crashed or hung on every delivery) arrives on the endpoint's
/// <c>{endpoint}_dead-letter</c> subscription with Pub/Sub's attributes: the lake's bus gives it up on without
/// consuming it again (<see cref="BrokerDeadLetterFilter"/>), reports it and moves it to <c>_error</c>.
/// </summary>
public sealed class When_pub_sub_dead_letters_a_message
{
    /// <summary>The URN name of the message (a nested type's: <c>Outer+Inner</c>).</summary>
    private const string WidgetType =
        $"{nameof(When_a_consumer_gives_up_on_a_message)}+{nameof(When_a_consumer_gives_up_on_a_message.WidgetArrived)}";

    [Fact]
    public async Task Should_report_it_move_it_to_error_and_acknowledge_it_without_consuming_it_again()
    {
        await using var bus = await PubSubTestBus.StartAsync();
        var seen = new Seen();
        var notices = new When_a_consumer_gives_up_on_a_message.Notices();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(bus.BusSettings());
        builder.Services.AddSingleton(seen).AddSingleton(notices);
        builder.AddLakeBus(x =>
        {
            x.AddConsumer<CrashingConsumer>();
            x.AddConsumer<When_a_consumer_gives_up_on_a_message.NoticeConsumer>();
        });
        using var host = builder.Build();
        await host.StartAsync();
        var deadLetter = $"projects/{PubSubTestBus.Project}/subscriptions/{bus.Prefix}crashing_dead-letter";
        await WaitUntilAsync(() => bus.Fake.Subscriptions.Contains(deadLetter));
        var runId = Guid.NewGuid();

        // As Pub/Sub forwards it (https://cloud.google.com/pubsub/docs/handling-failures): the original data and
        // attributes, plus the source subscription and the delivery count.
        await PublishAsync(bus, $"{bus.Prefix}crashing_dead-letter", new
        {
            messageId = Guid.NewGuid(),
            messageType = new[] { $"urn:message:EcommerceLake.Hosting.Tests:{WidgetType}" },
            message = new { runId, source = "files", stream = "sellers" },
        }, new Dictionary<string, string>
        {
            ["Content-Type"] = "application/vnd.masstransit+json",
            ["CloudPubSubDeadLetterSourceSubscription"] = $"{bus.Prefix}crashing",
            ["CloudPubSubDeadLetterSourceDeliveryCount"] = "5",
        });
        var notice = await notices.First.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await WaitUntilAsync(() => bus.Fake.Inspect(deadLetter) is { Backlog.Count: 0, Outstanding.Count: 0 });
        await host.StopAsync();

        notice.Endpoint.Should().EndWith("crashing");
        notice.ExceptionType.Should().Be(typeof(BrokerDeadLetteredException).FullName);
        notice.ExceptionMessage.Should().Contain($"from {bus.Prefix}crashing after 5 delivery attempts");
        notice.RunId.Should().Be(runId);
        notice.MessageTypes.Should().StartWith(WidgetType);
        seen.Consumed.Should().Be(0, "a dead-lettered message is not consumed again");
        bus.Fake.Published($"projects/{PubSubTestBus.Project}/topics/{bus.Prefix}crashing_error").Should()
            .ContainSingle("it joins the endpoint's other messages given up on");
    }

    private static async Task PublishAsync(PubSubTestBus bus, string topic, object envelope,
        Dictionary<string, string> attributes)
    {
        using var http = new HttpClient { BaseAddress = bus.Fake.BaseAddress };
        using var answer = await http.PostAsJsonAsync($"v1/projects/{PubSubTestBus.Project}/topics/{topic}:publish",
            new
            {
                messages = new[]
                {
                    new
                    {
                        data = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(envelope))),
                        attributes,
                    },
                },
            });
        answer.EnsureSuccessStatusCode();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition()) await Task.Delay(50, timeout.Token);
    }

    /// <summary>Stands for a consumer that crashed its process on every delivery; counts what reaches it.</summary>
    public sealed class CrashingConsumer(Seen seen) : IConsumer<When_a_consumer_gives_up_on_a_message.WidgetArrived>
    {
        /// <inheritdoc />
        public Task Consume(ConsumeContext<When_a_consumer_gives_up_on_a_message.WidgetArrived> context)
        {
            Interlocked.Increment(ref seen.ConsumedCount);
            return Task.CompletedTask;
        }
    }

    /// <summary>What reaches the consumer.</summary>
    public sealed class Seen
    {
        /// <summary>Deliveries that reached <see cref="CrashingConsumer"/>.</summary>
        public int ConsumedCount;

        /// <summary>The same, read.</summary>
        public int Consumed => Volatile.Read(ref ConsumedCount);
    }
}
