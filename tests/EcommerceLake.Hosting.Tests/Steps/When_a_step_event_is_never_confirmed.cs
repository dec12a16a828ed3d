using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting.Steps;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EcommerceLake.Hosting.Tests.Steps;

/// <summary>
/// A step consumer on the lake's bus (<c>AddLakeBus</c>, in memory) whose first success event the transport never
/// takes: a publish observer holds it until its cancellation token fires, as MassTransit's RabbitMQ transport holds a
/// publish whose publisher confirm was lost with a dropped connection. The step must give the publish up after
/// <c>Bus:PublishTimeout</c>, run again (its retry) and publish the event, instead of waiting forever — also when the
/// held publish never looks at its token.
/// </summary>
public sealed class When_a_step_event_is_never_confirmed
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Should_give_the_publish_up_after_the_timeout_and_publish_it_from_the_retried_step(
        bool transportHeedsTheToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "InMemory",
            ["Bus:PublishTimeout"] = "00:00:01",
            ["Bus:ConsumerStopTimeout"] = "00:00:01",
            ["Bus:StepRetry:Limit"] = "2",
            ["Bus:StepRetry:MinInterval"] = "00:00:00",
            ["Bus:StepRetry:IntervalDelta"] = "00:00:00",
        });
        builder.Logging.ClearProviders();
        var held = new HoldFirstPublish(transportHeedsTheToken);
        builder.Services.AddPublishObserver(_ => held);
        builder.AddLakeBus(bus => bus.AddStepConsumer<EchoStep>());
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var runId = Guid.NewGuid();
            var watch = Stopwatch.StartNew();
            await host.Services.GetRequiredService<IBus>().Publish(new ExtractStream
            {
                RunId = runId, Source = "files", Stream = "sellers", Offset = null, ForceFull = false,
            });

            var published = await held.Published.Task.WaitAsync(TimeSpan.FromSeconds(30));

            published.RunId.Should().Be(runId);
            held.Held.Should().Be(1, "the first publish was held until its token gave it up");
            EchoStep.Runs(runId).Should().Be(2, "the step ran again after the publish timed out");
            watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Succeeds at once with an event naming the command's run.</summary>
    public sealed class EchoStep(FailureClassification classification, ILogger<EchoStep> logger)
        : StepConsumer<ExtractStream, StreamExtracted, StreamExtractionFailed>(new ActivitySource("test"),
            classification, logger)
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, int> RunsByRun = new();

        public static int Runs(Guid runId) => RunsByRun.GetValueOrDefault(runId);

        protected override string SpanName(ExtractStream command) => "echo";

        protected override Task<StreamExtracted> ExecuteAsync(StepContext<ExtractStream> step)
        {
            RunsByRun.AddOrUpdate(step.Message.RunId, 1, (_, n) => n + 1);
            return Task.FromResult(new StreamExtracted
            {
                RunId = step.Message.RunId, Source = step.Message.Source, Stream = step.Message.Stream,
                OffsetFrom = null, OffsetTo = "{}", RowCount = 0, QuarantinedCount = 0, LandBatchUri = "lake://echo",
                IsFullSnapshot = false, DurationSeconds = 0,
            });
        }

        protected override StreamExtractionFailed Failed(ExtractStream command, string error, FailureKind kind,
            Exception cause) =>
            new()
            {
                RunId = command.RunId, Source = command.Source, Stream = command.Stream, Error = error, Kind = kind,
            };
    }

    /// <summary>
    /// Holds the first <see cref="StreamExtracted"/> publish until its token is cancelled, or for ever when the
    /// transport does not heed the token (a publish queued where nothing looks at it); records the next.
    /// </summary>
    public sealed class HoldFirstPublish(bool transportHeedsTheToken) : IPublishObserver
    {
        private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private int _held;

        public int Held => Volatile.Read(ref _held);

        public TaskCompletionSource<StreamExtracted> Published { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task PrePublish<T>(PublishContext<T> context)
            where T : class
        {
            if (context.Message is not StreamExtracted) return;
            if (Interlocked.CompareExchange(ref _held, 1, 0) != 0) return;
            if (transportHeedsTheToken) await Task.Delay(Timeout.Infinite, context.CancellationToken);
            else await _never.Task;
        }

        public Task PostPublish<T>(PublishContext<T> context)
            where T : class
        {
            if (context.Message is StreamExtracted extracted) Published.TrySetResult(extracted);
            return Task.CompletedTask;
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
