using EcommerceLake.Google;
using EcommerceLake.Hosting;
using EcommerceLake.Ingestion;
using EcommerceLake.Orchestrator;
using EcommerceLake.Processing;
using EcommerceLake.Warehouse;
using MassTransit;

namespace EcommerceLake.Cli.Embedded;

/// <summary>
/// The embedded deployment shape: all four services (ingestion, processing, warehouse, orchestrator) in one process
/// on the bus transport named by <c>Bus:Transport</c> (in-memory by default), plus the <see cref="RunWatcher"/> that
/// follows runs from their events.
/// </summary>
public sealed class EmbeddedLake : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedLake(IHost host)
    {
        _host = host;
        Watcher = host.Services.GetRequiredService<RunWatcher>();
    }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The bus, to publish run requests.</summary>
    public IBus Bus => _host.Services.GetRequiredService<IBus>();

    /// <summary>Follows runs from their events.</summary>
    public RunWatcher Watcher { get; }

    /// <summary>Builds and starts the host with <paramref name="settings"/> layered over environment
    /// variables.</summary>
    /// <param name="settings">Configuration keys (for example <c>ConnectionStrings:Warehouse</c>) and values.</param>
    /// <param name="minimumLogLevel">Console log level (the demo keeps it at Warning so progress stays
    /// readable).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="configureServices">Registrations made before the four services', so that they win over the
    /// services' defaults (each service registers its own with <c>TryAdd…</c>): for example a
    /// <see cref="EcommerceLake.Streams.StreamCatalog"/> other than
    /// <see cref="EcommerceLake.Streams.StreamCatalog.Default"/>.
    /// </param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is missing or invalid; the
    /// message names the key.</exception>
    public static async Task<EmbeddedLake> StartAsync(IReadOnlyDictionary<string, string?> settings,
        LogLevel minimumLogLevel, CancellationToken cancellationToken,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = false,
            Args = [HostArguments.NoConfigReload],
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddLakeDefaults("lake-embedded");
        builder.AddLakeStorage();
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        // Saga concurrency conflicts are retried by design (optimistic concurrency on xmin); MassTransit logs each
        // retry at Warning, which would drown the main job's progress. Failures still surface as Error.
        builder.Logging.AddFilter("MassTransit",
            minimumLogLevel < LogLevel.Warning ? LogLevel.Warning : LogLevel.Error);
        configureServices?.Invoke(builder.Services);
        builder.AddIngestion();
        builder.AddProcessing();
        builder.AddWarehouse();
        builder.AddOrchestrator();
        builder.Services.AddSingleton<RunWatcher>();
        builder.AddLakeBus(bus =>
        {
            bus.AddIngestionConsumers();
            bus.AddProcessingConsumers();
            bus.AddWarehouseConsumers();
            bus.AddOrchestratorConsumers();
            bus.AddConsumer<RunEventConsumer>();
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new EmbeddedLake(host);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(15));
        _host.Dispose();
    }
}
