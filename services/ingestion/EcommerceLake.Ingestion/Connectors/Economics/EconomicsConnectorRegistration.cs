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
    /// <c>IHttpClientFactory</c>) and its options (section <c>Sources:Economics</c>, validated at start; every key has a
    /// default).
    /// </summary>
    public static IHostApplicationBuilder AddEconomicsConnector(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<EconomicsOptions>(EconomicsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<SgsApiClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<EconomicsOptions>>().Value;
            http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
            http.Timeout = options.RequestTimeout;
        });
        services.TryAddEnumerable(ServiceDescriptor.Transient<ISourceConnector, EconomicsConnector>());
        return builder;
    }
}
