using EcommerceLake.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Connectors.Economics;

/// <summary>Wiring of the economics connector.</summary>
public static class EconomicsConnectorRegistration
{
    /// <summary>
    /// Registers the economics connector (transient, with a typed <see cref="HttpClient"/> from
    /// <c>IHttpClientFactory</c>) and its options (section <c>Sources:Economics</c>, validated at start; every key has
    /// a default).
    /// </summary>
    public static IHostApplicationBuilder AddEconomicsConnector(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<EconomicsOptions>(EconomicsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSgsApiClient();
        services.TryAddEnumerable(ServiceDescriptor.Transient<ISourceConnector, EconomicsConnector>());
        return builder;
    }

    /// <summary>
    /// Registers the typed <see cref="SgsApiClient"/> (base address <c>Sources:Economics:BaseUrl</c>) with its
    /// resilience pipeline (<see cref="SourceHttpResilience"/>: <c>Sources:Economics:MaxRetries</c>, <c>RetryDelay</c>,
    /// <c>MaxRetryDelay</c>; each attempt limited to <c>Sources:Economics:RequestTimeout</c>). Needs
    /// <see cref="IOptions{EconomicsOptions}"/>; uses the registered <see cref="TimeProvider"/>, else the system's.
    /// </summary>
    public static IServiceCollection AddSgsApiClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<SgsApiClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<EconomicsOptions>>().Value;
            http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
            // Attempt time limits are the pipeline's (RequestTimeout), so the client's own overall limit is off.
            http.Timeout = Timeout.InfiniteTimeSpan;
        }).AddSourceResilience("sgs", sp =>
        {
            var options = sp.GetRequiredService<IOptions<EconomicsOptions>>().Value;
            return new SourceRetrySettings(
                EconomicsOptions.Section, options.MaxRetries, options.RetryDelay, options.MaxRetryDelay,
                options.RequestTimeout);
        });
        return services;
    }
}
