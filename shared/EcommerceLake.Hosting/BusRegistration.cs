using EcommerceLake.PubSub;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Hosting;

/// <summary>Adds the MassTransit bus with the transport chosen by <see cref="BusOptions"/>.</summary>
public static class BusRegistration
{
    /// <summary>
    /// Registers MassTransit with the consumers, sagas and definitions that <paramref name="register"/> adds,
    /// on the transport named by <c>Bus:Transport</c>. Every receive endpoint gets the <see cref="RunScopeFilter{T}"/>
    /// and a retry of failures (3 retries, 200 ms to 2 s apart); the step consumers' endpoints retry transient failures
    /// with their own settings (<c>Bus:StepRetry</c>, <see cref="Steps.StepRetryOptions"/>). Messages no consumer
    /// handles are moved by MassTransit to the endpoint's <c>_skipped</c> queue, faults after retries to <c>_error</c>:
    /// the dead-letter queues; just before that move every endpoint publishes
    /// <see cref="EcommerceLake.Contracts.MessageDeadLettered"/> (<see cref="DeadLetterNoticeFilter"/>). On Pub/Sub
    /// (<c>Bus:Transport=PubSub</c>, settings <c>Bus:PubSub</c>) each of those is a topic with a subscription, and
    /// every endpoint subscription also dead-letters to <c>{endpoint}_dead-letter</c> after
    /// <c>Bus:PubSub:MaxDeliveryAttempts</c> deliveries, which the endpoint pulls to give up on through its error pipe
    /// (<see cref="BrokerDeadLetterFilter"/>). The host's start completes once the bus has started; a stopping endpoint
    /// cancels its consumers after <c>Bus:ConsumerStopTimeout</c>. MassTransit's usage telemetry (a report to
    /// usage-tracking.masstransit.io) is disabled.
    /// </summary>
    public static IHostApplicationBuilder AddLakeBus(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> register)
    {
        builder.Services.AddValidatedOptions<BusOptions>(BusOptions.Section);
        var options = builder.Configuration.ReadSection<BusOptions>(BusOptions.Section);
        builder.Services.AddMassTransit(x =>
        {
            // MassTransit 8.4+ reports the bus's configuration to usage-tracking.masstransit.io unless told not to:
            // the lake sends nothing outside without its operator's say (and logged a warning where it had no
            // internet access).
            x.DisableUsageTelemetry();
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.EndpointPrefix.Length > 0
                ? options.EndpointPrefix : null, false));
            register(x);
            // Every endpoint's error pipe: MassTransit's default (fault event, then the move to _error) with a
            // MessageDeadLettered notice in between, so a message given up on raises an alert.
            x.AddConfigureEndpointsCallback((context, name, endpoint) => endpoint.ConfigureError(e =>
            {
                e.UseFilter(new GenerateFaultFilter());
                e.UseFilter(new DeadLetterNoticeFilter(name, options.PublishTimeout,
                    context.GetRequiredService<ILoggerFactory>().CreateLogger<DeadLetterNoticeFilter>()));
                e.UseFilter(new ErrorTransportFilter());
            }));
            if (options.Transport == BusTransport.RabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = options.RabbitMq;
                    cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.ResolvePassword());
                    });
                    cfg.PrefetchCount = options.PrefetchCount;
                    Configure(context, cfg);
                });
            }
            else if (options.Transport == BusTransport.PubSub)
            {
                var pubsub = options.PubSub;
                pubsub.MaxOutstandingMessages ??= options.PrefetchCount;
                x.UsingPubSub(pubsub, (context, cfg) =>
                {
                    cfg.PrefetchCount = options.PrefetchCount;
                    Configure(context, cfg);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.ConcurrentMessageLimit = options.PrefetchCount;
                    Configure(context, cfg);
                });
            }
        });
        // The host's start waits for the bus, so work started on ApplicationStarted (the orchestrator's outbox relay)
        // never publishes to a topology whose queues are not bound yet.
        // A consumer in flight is cancelled Bus:ConsumerStopTimeout after its endpoint starts to stop; the start gives
        // up after Bus:StartTimeout when it is set.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = options.StartTimeout;
            o.ConsumerStopTimeout = options.ConsumerStopTimeout;
            o.StopTimeout = options.ConsumerStopTimeout + TimeSpan.FromSeconds(10);
        });
        return builder;
    }

    /// <summary>
    /// The receive-side defaults every lake bus gets, whatever the transport: the <see cref="RunScopeFilter{T}"/>, the
    /// <see cref="BrokerDeadLetterFilter"/> (a message Pub/Sub dead-lettered is given up on, not retried), the bus-wide
    /// retry (3 retries, 200 ms to 2 s apart; the step consumers' own retry,
    /// <see cref="Steps.StepConsumerDefinition{TConsumer}"/>, runs inside it, and once that retry gives up this one
    /// does not retry again) and the endpoints of the registered consumers, sagas and definitions. Public so that tests
    /// can run MassTransit's test harness with the production pipeline.
    /// </summary>
    public static void ConfigureLakeEndpoints<TEndpoint>(
        IBusRegistrationContext context, IBusFactoryConfigurator<TEndpoint> cfg)
        where TEndpoint : IReceiveEndpointConfigurator => Configure(context, cfg);

    private static void Configure<TEndpoint>(IBusRegistrationContext context, IBusFactoryConfigurator<TEndpoint> cfg)
        where TEndpoint : IReceiveEndpointConfigurator
    {
        cfg.UseConsumeFilter(typeof(RunScopeFilter<>), context);
        cfg.UseFilter(new BrokerDeadLetterFilter()); // ahead of the retries: a broker's dead letter is not retried
        cfg.UseMessageRetry(r => r.Exponential(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2),
            TimeSpan.FromMilliseconds(200)));
        cfg.ConfigureEndpoints(context);
    }
}
