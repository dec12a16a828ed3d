using EcommerceLake.Hosting;
using EcommerceLake.Hosting.Steps;
using EcommerceLake.Ingestion.Connectors.Economics;
using EcommerceLake.Ingestion.Connectors.Files;
using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Ingestion.Connectors.Reviews;
using EcommerceLake.Ingestion.Consumers;
using EcommerceLake.Ingestion.Detectors;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Ingestion;

/// <summary>Wiring of the ingestion service.</summary>
public static class IngestionRegistration
{
    /// <summary>
    /// Registers the stream catalog, the connectors of every source (each validates its own <c>Sources:*</c> section at
    /// start), <see cref="TimeProvider"/> (the system clock unless one is registered before) and the hosted
    /// source-event detectors <see cref="FileArrivalDetector"/> and <see cref="ChangeVersionDetector"/> (section
    /// <c>Detectors</c>; both off unless <c>Detectors:{Files|Marketplace}:Enabled</c>; each also resolvable as itself).
    /// </summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(StreamCatalog.Default);
        builder.AddMarketplaceConnector();
        builder.AddReviewsConnector();
        builder.AddFilesConnector();
        builder.AddEconomicsConnector();
        var services = builder.Services;
        services.AddStepFailureHandling();
        services.AddFailureClassifier<IngestionFailureClassifier>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<DetectorOptions>(DetectorOptions.Section);
        services.AddIngestionEndpointSettings();
        services.TryAddSingleton<FileArrivalDetector>();
        services.TryAddSingleton<ChangeVersionDetector>();
        services.AddHostedService(provider => provider.GetRequiredService<FileArrivalDetector>());
        services.AddHostedService(provider => provider.GetRequiredService<ChangeVersionDetector>());
        return builder;
    }

    /// <summary>
    /// Registers <see cref="IngestionOptions"/> (section <c>Ingestion</c>, validated at start) and, from it, the
    /// <see cref="StepEndpointOptions"/> of <see cref="ExtractStreamConsumer"/>'s endpoint (its concurrency).
    /// <see cref="AddIngestion"/> calls it.
    /// </summary>
    public static IServiceCollection AddIngestionEndpointSettings(this IServiceCollection services)
    {
        services.AddValidatedOptions<IngestionOptions>(IngestionOptions.Section);
        services.AddStepEndpointLimit<ExtractStreamConsumer>(
            $"{IngestionOptions.Section}:{nameof(IngestionOptions.ConcurrentExtractions)}",
            IngestionOptions.DefaultConcurrentExtractions);
        return services;
    }

    /// <summary>Adds the ingestion consumers to the bus.</summary>
    public static IBusRegistrationConfigurator AddIngestionConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddStepConsumer<ExtractStreamConsumer>();
        return bus;
    }
}
