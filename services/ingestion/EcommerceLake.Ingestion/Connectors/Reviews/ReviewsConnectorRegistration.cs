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
    /// validated at start). The client's resilience pipeline (<see cref="SourceHttpResilience"/>) retries transient
    /// failures as <c>Sources:Reviews:MaxRetries</c>, <c>RetryDelay</c> and <c>MaxRetryDelay</c> say, and limits each
    /// attempt to <c>Sources:Reviews:RequestTimeout</c>.
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
            // Attempt time limits are the pipeline's (RequestTimeout), so the client's own overall limit is off.
            http.Timeout = Timeout.InfiniteTimeSpan;
        }).AddSourceResilience("reviews", sp =>
        {
            var options = sp.GetRequiredService<IOptions<ReviewsOptions>>().Value;
            return new SourceRetrySettings(
                ReviewsOptions.Section, options.MaxRetries, options.RetryDelay, options.MaxRetryDelay,
                options.RequestTimeout);
        });
        services.TryAddEnumerable(ServiceDescriptor.Transient<ISourceConnector, ReviewsConnector>());
        return builder;
    }
}
