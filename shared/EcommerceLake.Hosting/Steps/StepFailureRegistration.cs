using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EcommerceLake.Hosting.Steps;

/// <summary>Wiring of the step consumers' failure handling.</summary>
public static class StepFailureRegistration
{
    /// <summary>
    /// Registers <see cref="FailureClassification"/> and <see cref="StepRetryOptions"/> (section
    /// <c>Bus:StepRetry</c>, validated at start). Safe to call more than once (each service calls it).
    /// </summary>
    public static IServiceCollection AddStepFailureHandling(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(FailureClassification))) return services;
        services.TryAddSingleton<FailureClassification>();
        services.AddValidatedOptions<StepRetryOptions>(StepRetryOptions.Section)
            .Validate(o => o.MaxInterval >= o.MinInterval,
                "Bus:StepRetry:MaxInterval: must be at least Bus:StepRetry:MinInterval.");
        return services;
    }

    /// <summary>Adds a service's own <see cref="IFailureClassifier"/>, asked before the common rules.</summary>
    public static IServiceCollection AddFailureClassifier<T>(this IServiceCollection services)
        where T : class, IFailureClassifier
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFailureClassifier, T>());
        return services;
    }

    /// <summary>
    /// Sets the concurrency of <typeparamref name="TConsumer"/>'s endpoint (its <see cref="StepEndpointOptions"/>,
    /// which <see cref="StepConsumerDefinition{TConsumer}"/> applies) from configuration key
    /// <paramref name="key"/>, or <paramref name="defaultLimit"/> when the key is unset (null: the bus's
    /// <c>Bus:PrefetchCount</c>). The key is read by itself, not through its section's options: configuring the bus's
    /// endpoints must not validate a whole section (a host built without, say, a warehouse connection string would
    /// fail there); the service validates the key's range at start with its section.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the endpoint is configured: the key's value is not an
    /// integer.</exception>
    public static IServiceCollection AddStepEndpointLimit<TConsumer>(this IServiceCollection services, string key,
        int? defaultLimit = null)
        where TConsumer : class, IConsumer
    {
        services.AddOptions<StepEndpointOptions>(typeof(TConsumer).Name)
            .Configure<IConfiguration>((endpoint, configuration) =>
                endpoint.ConcurrentMessageLimit = configuration.GetValue<int?>(key) ?? defaultLimit);
        return services;
    }

    /// <summary>
    /// Adds <typeparamref name="TConsumer"/> with the step retry of <see cref="StepConsumerDefinition{T}"/>, and the
    /// failure handling (<see cref="AddStepFailureHandling"/>) when it is not registered yet.
    /// </summary>
    public static IBusRegistrationConfigurator AddStepConsumer<TConsumer>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer
    {
        bus.AddStepFailureHandling();
        bus.AddConsumer<TConsumer, StepConsumerDefinition<TConsumer>>();
        return bus;
    }
}
