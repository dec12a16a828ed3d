using EcommerceLake.Ingestion.Connectors.ChangeTracking;
using EcommerceLake.Ingestion.Connectors.Economics;
using EcommerceLake.Ingestion.Connectors.Files;
using EcommerceLake.Ingestion.Connectors.Reviews;
using EcommerceLake.Ingestion.Consumers;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Ingestion;

/// <summary>Wiring of the ingestion service.</summary>
public static class IngestionRegistration
{
    /// <summary>Registers the stream catalog and the connectors of every source (each validates its own <c>Sources:*</c> section at start).</summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(StreamCatalog.Default);
        builder.AddMarketplaceConnector();
        builder.AddReviewsConnector();
        builder.AddFilesConnector();
        builder.AddEconomicsConnector();
        return builder;
    }

    /// <summary>Adds the ingestion consumers to the bus.</summary>
    public static IBusRegistrationConfigurator AddIngestionConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ExtractStreamConsumer>();
        return bus;
    }
}
