using EcommerceLake.Google;
using EcommerceLake.Hosting;
using EcommerceLake.Ingestion;
using EcommerceLake.Orchestrator;
using EcommerceLake.Orchestrator.Api;
using EcommerceLake.Orchestrator.Dashboard;
using EcommerceLake.Orchestrator.Security;
using EcommerceLake.Processing;
using EcommerceLake.Warehouse;
using Microsoft.Extensions.Configuration.Memory;

namespace EcommerceLake.Cli.Serve;

/// <summary>
/// <c>lake serve</c>: the lake as a long-running service on the user's configuration (appsettings.json in the working
/// directory, <c>--config</c>, environment variables), with the operations API, the dashboard, the OpenAPI document
/// and the hosts' health endpoints (<c>/health/live</c>, <c>/health/ready</c>) on one port. Embedded (all four
/// services, the in-memory bus by default) or orchestrator-only against a multi-process deployment. Stops gracefully
/// on SIGINT/SIGTERM: the server stops accepting, the bus drains, runs in flight stay in the saga and resume on the
/// next start (at-least-once, idempotent steps).
/// </summary>
public static class LakeServer
{
    /// <summary>Where <c>lake serve</c> listens unless told otherwise.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Builds the web application for <paramref name="options"/>.</summary>
    /// <param name="demoSettings">Settings laid under the user's configuration (the demo sources), or null.</param>
    /// <param name="args">Command-line configuration (<c>--key=value</c>), or null.</param>
    /// <param name="configureServices">Registrations made before the services' own, so that they win over the
    /// services' defaults (each service registers those with <c>TryAdd…</c>): for example a
    /// <see cref="TimeProvider"/> other than the system clock. Null for none.</param>
    /// <exception cref="InvalidOperationException">Orchestrator-only on the in-memory bus.</exception>
    public static WebApplication Build(ServeOptions options, IReadOnlyDictionary<string, string?>? demoSettings,
        string[]? args = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args ?? [], HostArguments.NoConfigReload],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        if (demoSettings is not null)
            builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = demoSettings });
        if (options.ConfigFile is { } file)
            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false)
                .AddEnvironmentVariables();
        if (options.LocalOnly)
            builder.Configuration.AddInMemoryCollection([new("Orchestrator:Auth:LocalOnly", "true")]);
        builder.WebHost.UseUrls(options.Urls ?? builder.Configuration["urls"] ?? DefaultUrls);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        // Saga concurrency retries (MassTransit) and per-request logs (ASP.NET Core) would drown the service's own.
        builder.Logging.AddFilter("MassTransit", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var transport = builder.Configuration.ReadSection<BusOptions>(BusOptions.Section).Transport;
        if (options.OrchestratorOnly && transport == BusTransport.InMemory)
            throw new InvalidOperationException("--orchestrator-only needs the services' bus: set Bus:Transport "
                + "(for example RabbitMq with Bus:RabbitMq:Host) to the deployment's transport.");

        builder.AddLakeDefaults(options.OrchestratorOnly ? "orchestrator" : "lake-serve");
        configureServices?.Invoke(builder.Services);
        if (!options.OrchestratorOnly)
        {
            builder.AddLakeStorage();
            builder.AddIngestion();
            builder.AddProcessing();
            builder.AddWarehouse();
        }
        builder.AddOrchestrator();
        builder.AddOperationsApi();
        builder.AddDashboard();
        builder.AddLakeBus(bus =>
        {
            if (!options.OrchestratorOnly)
            {
                bus.AddIngestionConsumers();
                bus.AddProcessingConsumers();
                bus.AddWarehouseConsumers();
            }
            bus.AddOrchestratorConsumers();
        });

        var app = builder.Build();
        app.UseOperationsAuth();
        app.MapLakeHealth();
        app.MapOrchestratorApi();
        app.MapDashboard();
        return app;
    }
}
