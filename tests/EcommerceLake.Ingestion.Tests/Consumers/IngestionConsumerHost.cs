using EcommerceLake.Google;
using EcommerceLake.Hosting.Steps;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Consumers;
using EcommerceLake.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Ingestion.Tests.Consumers;

/// <summary>The host of the <see cref="ExtractStreamConsumer"/> tests, before the caller adds a bus.</summary>
internal static class IngestionConsumerHost
{
    /// <summary>A host builder with the local lake at <paramref name="lakeRoot"/>, the default catalog,
    /// <paramref name="connector"/> as the only connector, the ingestion service's failure handling and endpoint
    /// settings, and <paramref name="settings"/> as its configuration.</summary>
    public static HostApplicationBuilder Create(string lakeRoot, ISourceConnector connector,
        IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["Lake:Root"] = lakeRoot;
        builder.AddLakeStorage();
        builder.Services.AddSingleton(StreamCatalog.Default);
        builder.Services.AddSingleton(connector);
        builder.Services.AddStepFailureHandling().AddFailureClassifier<IngestionFailureClassifier>();
        builder.Services.AddIngestionEndpointSettings();
        return builder;
    }
}
