using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Ingestion.Connectors.ChangeTracking;

/// <summary>Wiring of the marketplace connector.</summary>
public static class MarketplaceConnectorRegistration
{
    /// <summary>Registers the marketplace connector and its validated options.</summary>
    public static IHostApplicationBuilder AddMarketplaceConnector(this IHostApplicationBuilder builder)
    {
        // TODO(helper): register options (section Sources:Marketplace) and the ISourceConnector.
        return builder;
    }
}
