using MassTransit;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Hosting.Steps;

/// <summary>
/// Endpoint configuration of a step consumer: message retry with the exponential back-off of
/// <see cref="StepRetryOptions"/> (<c>Bus:StepRetry</c>) in the consumer's endpoint. Only transient failures
/// reach it (the <see cref="StepConsumer{TCommand, TSucceeded, TFailed}"/> publishes the others as failed events);
/// when the retries run out MassTransit moves the command to <c>_error</c> and publishes
/// <c>Fault&lt;TCommand&gt;</c>. The bus-wide retry of <see cref="BusRegistration"/> sees that this retry gave up
/// and does not retry again. No delayed redelivery: on RabbitMQ it needs the delayed-exchange plugin. The endpoint's
/// concurrency is the consumer's <see cref="StepEndpointOptions"/> (named for <typeparamref name="TConsumer"/>) when
/// its service sets one, else the bus's.
/// </summary>
public sealed class StepConsumerDefinition<TConsumer>(IOptions<StepRetryOptions> options,
    IOptionsMonitor<StepEndpointOptions> endpoints)
    : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    /// <inheritdoc />
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        var retry = options.Value;
        endpointConfigurator.UseMessageRetry(r =>
            r.Exponential(retry.Limit, retry.MinInterval, retry.MaxInterval, retry.IntervalDelta));
        if (endpoints.Get(typeof(TConsumer).Name).ConcurrentMessageLimit is { } limit)
            (endpointConfigurator.ConcurrentMessageLimit, endpointConfigurator.PrefetchCount) = (limit, limit);
    }
}
