using EcommerceLake.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>Wiring of the files connector.</summary>
public static class FilesConnectorRegistration
{
    /// <summary>Registers the files connector and its options (section <c>Sources:Files</c>, validated at start).</summary>
    public static IHostApplicationBuilder AddFilesConnector(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<FilesOptions>(FilesOptions.Section);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISourceConnector, FilesConnector>());
        return builder;
    }
}
