using EcommerceLake.Hosting;
using EcommerceLake.Ingestion.Connectors.Files.Sftp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>Wiring of the files connector.</summary>
public static class FilesConnectorRegistration
{
    /// <summary>
    /// Registers the files connector, its options (section <c>Sources:Files</c>, validated at start) and its file
    /// store: <see cref="LocalFileStore"/> or <see cref="SftpFileStore"/> after <c>Sources:Files:Transport</c>.
    /// </summary>
    public static IHostApplicationBuilder AddFilesConnector(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<FilesOptions>(FilesOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IFileStore>(sp => sp.GetRequiredService<IOptions<FilesOptions>>()
            .Value.Transport == FileTransport.Sftp
            ? ActivatorUtilities.CreateInstance<SftpFileStore>(sp)
            : ActivatorUtilities.CreateInstance<LocalFileStore>(sp));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISourceConnector, FilesConnector>());
        return builder;
    }
}
