using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Ingestion.Connectors.Reviews;

/// <summary>Wiring of the reviews connector.</summary>
public static class ReviewsConnectorRegistration
{
    /// <summary>Registers the reviews connector and its validated options.</summary>
    public static IHostApplicationBuilder AddReviewsConnector(this IHostApplicationBuilder builder)
    {
        // TODO(helper): register options (section Sources:Reviews) and the ISourceConnector.
        return builder;
    }
}
