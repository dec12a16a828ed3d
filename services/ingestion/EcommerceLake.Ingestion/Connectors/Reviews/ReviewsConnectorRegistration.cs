using EcommerceLake.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Connectors.Reviews;

/// <summary>Wiring of the reviews connector.</summary>
public static class ReviewsConnectorRegistration
{
    /// <summary>
    /// Registers the reviews connector (transient, so each extraction gets a fresh typed <see cref="HttpClient"/> from
    /// <c>IHttpClientFactory</c>), its process-wide token cache and its options (section <c>Sources:Reviews</c>,
    /// validated at start).
    /// </summary>
    public static IHostApplicationBuilder AddReviewsConnector(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<ReviewsOptions>(ReviewsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReviewsTokenCache>();
        services.AddHttpClient<ReviewsApiClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<ReviewsOptions>>().Value;
            http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
            http.Timeout = options.RequestTimeout;
        });
        services.TryAddEnumerable(ServiceDescriptor.Transient<ISourceConnector, ReviewsConnector>());
        return builder;
    }
}
