using EcommerceLake.Contracts;
using EcommerceLake.Testing;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace EcommerceLake.Hosting.Tests;

/// <summary>The error pipe <c>AddLakeBus</c> gives every endpoint: a message given up on after the retries is
/// reported as <see cref="MessageDeadLettered"/> on its way to <c>_error</c>, on each transport.</summary>
public sealed class When_a_consumer_gives_up_on_a_message
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("RabbitMq")]
    [InlineData("PubSub")]
    public async Task Should_report_the_message_its_run_and_the_exception(string transport)
    {
        await using var bus = transport == "InMemory" ? null : await TestBuses.StartAsync(transport);
        var notices = new Notices();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(bus?.BusSettings()
            ?? new Dictionary<string, string?> { ["Bus:Transport"] = "InMemory" });
        builder.Services.AddSingleton(notices);
        builder.AddLakeBus(x =>
        {
            x.AddConsumer<PoisonConsumer>();
            x.AddConsumer<NoticeConsumer>();
        });
        using var host = builder.Build();
        await host.StartAsync();
        var runId = Guid.NewGuid();

        await host.Services.GetRequiredService<IBus>().Publish(
            new WidgetArrived { RunId = runId, Source = "files", Stream = "sellers" });
        var notice = await notices.First.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await host.StopAsync();

        notice.Endpoint.Should().EndWith("poison");
        notice.MessageTypes.Should().StartWith(
            $"{nameof(When_a_consumer_gives_up_on_a_message)}+{nameof(WidgetArrived)}", "a nested type's URN name");
        notice.MessageId.Should().NotBeNull();
        notice.Should().Match<MessageDeadLettered>(n => n.RunId == runId && n.Source == "files"
            && n.Stream == "sellers" && n.Host == Environment.MachineName);
        notice.ExceptionType.Should().Be("System.InvalidOperationException");
        notice.ExceptionMessage.Should().Be("this widget is poison");
        notice.DeadLetteredAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData("urn:message:EcommerceLake.Contracts:ExtractStream", "ExtractStream")]
    [InlineData("urn:message:MassTransit:Fault[[EcommerceLake.Contracts:LoadStream]]", "Fault<LoadStream>")]
    [InlineData("urn:message:MassTransit:Fault", "Fault")]
    public void Should_name_a_message_type_by_its_short_name(string urn, string name) =>
        DeadLetterNoticeFilter.ShortName(urn).Should().Be(name);

    /// <summary>A message of a run's stream.</summary>
    public sealed record WidgetArrived
    {
        /// <summary>The run.</summary>
        public required Guid RunId { get; init; }

        /// <summary>The source.</summary>
        public required string Source { get; init; }

        /// <summary>The stream.</summary>
        public required string Stream { get; init; }
    }

    /// <summary>Fails every time, so its endpoint gives up after the bus-wide retries.</summary>
    public sealed class PoisonConsumer : IConsumer<WidgetArrived>
    {
        /// <inheritdoc />
        public Task Consume(ConsumeContext<WidgetArrived> context) =>
            throw new InvalidOperationException("this widget is poison");
    }

    /// <summary>Keeps the first notice.</summary>
    public sealed class NoticeConsumer(Notices notices) : IConsumer<MessageDeadLettered>
    {
        /// <inheritdoc />
        public Task Consume(ConsumeContext<MessageDeadLettered> context)
        {
            notices.First.TrySetResult(context.Message);
            return Task.CompletedTask;
        }
    }

    /// <summary>The notices the test waits for.</summary>
    public sealed class Notices
    {
        /// <summary>Completed by the first notice.</summary>
        public TaskCompletionSource<MessageDeadLettered> First { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
