using EcommerceLake.Contracts;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EcommerceLake.Hosting.Tests;

/// <summary>
/// The lake's bus (<c>AddLakeBus</c>, in memory) stopping while a consumer waits on something that never comes — as a
/// RabbitMQ endpoint stops to restart after the broker closed its channel. After <c>Bus:ConsumerStopTimeout</c> the
/// consumer's token must be cancelled and the stop must end, instead of the endpoint waiting for it for ever.
/// </summary>
public sealed class When_an_endpoint_stops_under_a_consumer_that_never_ends
{
    [Fact]
    public async Task Should_cancel_the_consumer_after_the_consumer_stop_timeout_and_finish_stopping()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "InMemory",
            ["Bus:ConsumerStopTimeout"] = "00:00:01",
        });
        builder.Logging.ClearProviders();
        var waiting = new WaitingConsumer.Signals();
        builder.Services.AddSingleton(waiting);
        builder.AddLakeBus(bus => bus.AddConsumer<WaitingConsumer>());
        using var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<IBus>().Publish(new WaitForever { RunId = Guid.NewGuid() });
        await waiting.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        waiting.Cancelled.Task.IsCompletedSuccessfully.Should().BeTrue("the stop cancelled the consumer's token");
    }

    /// <summary>A message only this test sends.</summary>
    public sealed record WaitForever : IRunMessage
    {
        /// <inheritdoc />
        public required Guid RunId { get; init; }
    }

    /// <summary>Waits on a task that never completes, watching only its consume context's token.</summary>
    public sealed class WaitingConsumer(WaitingConsumer.Signals signals) : IConsumer<WaitForever>
    {
        public async Task Consume(ConsumeContext<WaitForever> context)
        {
            signals.Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                signals.Cancelled.TrySetResult();
                throw;
            }
        }

        /// <summary>What the test watches.</summary>
        public sealed class Signals
        {
            public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
