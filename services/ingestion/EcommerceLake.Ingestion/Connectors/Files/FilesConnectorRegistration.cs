using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>Wiring of the files connector.</summary>
public static class FilesConnectorRegistration
{
    /// <summary>Registers the files connector and its validated options.</summary>
    public static IHostApplicationBuilder AddFilesConnector(this IHostApplicationBuilder builder)
    {
        // TODO(helper): register options (section Sources:Files) and the ISourceConnector.
        return builder;
    }
}
