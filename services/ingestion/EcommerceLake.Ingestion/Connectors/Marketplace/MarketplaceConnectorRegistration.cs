using EcommerceLake.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>Wiring of the marketplace connector.</summary>
public static class MarketplaceConnectorRegistration
{
    /// <summary>
    /// Registers the marketplace connector and its options, section <c>Sources:Marketplace</c>, validated at start
    /// (a missing <c>Sources:Marketplace:ConnectionString</c> fails start with a message naming the key).
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceConnector(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MarketplaceOptions>(MarketplaceOptions.Section);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISourceConnector, MarketplaceConnector>());
        return builder;
    }
}
