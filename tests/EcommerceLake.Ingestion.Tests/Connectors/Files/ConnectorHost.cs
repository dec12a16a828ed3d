using EcommerceLake.Ingestion.Connectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

/// <summary>A started host with one connector registered the way the ingestion service registers it.</summary>
public sealed class ConnectorHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ConnectorHost(IHost host) => _host = host;

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// Builds and starts (so options are validated) a host with <paramref name="settings"/> as configuration.
    /// </summary>
    public static async Task<ConnectorHost> StartAsync(
        IReadOnlyDictionary<string, string?> settings, Action<IHostApplicationBuilder> register,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        register(builder);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new ConnectorHost(host);
    }

    /// <summary>A new instance of the connector of <paramref name="source"/>.</summary>
    public ISourceConnector Connector(string source) =>
        _host.Services.GetServices<ISourceConnector>().Single(c => c.Source == source);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
