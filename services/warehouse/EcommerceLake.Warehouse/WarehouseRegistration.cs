using EcommerceLake.Google;
using EcommerceLake.Hosting;
using EcommerceLake.Hosting.Steps;
using EcommerceLake.Streams;
using EcommerceLake.Warehouse.BigQuery;
using EcommerceLake.Warehouse.Consumers;
using EcommerceLake.Warehouse.Postgres;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Warehouse;

/// <summary>Wiring of the warehouse service.</summary>
public static class WarehouseRegistration
{
    /// <summary>
    /// Registers the stream catalog, <see cref="WarehouseOptions"/> (section <c>Warehouse</c>, validated at start;
    /// <c>Warehouse:ConcurrentLoads</c> sets the <see cref="StepEndpointOptions"/> of
    /// <see cref="LoadStreamConsumer"/>), the <see cref="IWarehouseEngine"/> of <c>Warehouse:Engine</c>, and
    /// <see cref="WarehouseInitializer"/>, which brings the warehouse's tables up to date at start. The lake store is
    /// registered by the host (<c>AddLakeStorage</c>).
    /// <list type="bullet">
    /// <item><c>Postgres</c> (default): <c>ConnectionStrings:Warehouse</c> is required (a missing connection string
    /// fails start with a message naming the key); the engine applies the migrations and the per-stream DDL.</item>
    /// <item><c>BigQuery</c>: no connection string; <see cref="BigQueryOptions"/> (<c>Warehouse:BigQuery</c>) and the
    /// <c>GoogleCloud</c> settings (<see cref="GoogleCloudRegistration.AddGoogleCloud"/>) are validated at start, and
    /// start fails unless <c>Lake:Store</c> is <c>Gcs</c> (load jobs read the raw batches from gs:// URIs).</item>
    /// </list>
    /// </summary>
    public static IHostApplicationBuilder AddWarehouse(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(StreamCatalog.Default);
        var engine = builder.Configuration.ReadSection<WarehouseOptions>(WarehouseOptions.Section).Engine;
        builder.Services.AddValidatedOptions<WarehouseOptions>(WarehouseOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                var connectionString = configuration[WarehouseOptions.ConnectionStringKey];
                if (string.IsNullOrWhiteSpace(connectionString) && options.ConnectionStringFile is { Length: > 0 } file
                    && File.Exists(file))
                    connectionString = File.ReadLines(file).FirstOrDefault()?.Trim();
                options.ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? null : connectionString;
            })
            .Validate(o => o.ConnectionStringFile is not { Length: > 0 } file || File.Exists(file),
                "Warehouse:ConnectionStringFile: the file does not exist.")
            .Validate(o => o.Engine != WarehouseEngineKind.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                $"{WarehouseOptions.ConnectionStringKey} is required: the PostgreSQL connection string of the " +
                "warehouse (or set Warehouse:ConnectionStringFile to a file that holds it).");
        if (engine == WarehouseEngineKind.BigQuery)
        {
            builder.AddGoogleCloud();
            builder.Services.AddValidatedOptions<BigQueryOptions>(BigQueryOptions.Section);
            builder.RequireCloudStorageLake(
                "Warehouse:Engine is BigQuery, which needs Lake:Store=Gcs (with Lake:Bucket): BigQuery load jobs " +
                "read the raw batches from gs:// URIs.");
            builder.Services.TryAddSingleton<BigQueryJobs>();
            builder.Services.TryAddSingleton<BigQueryTables>();
            builder.Services.TryAddSingleton<IWarehouseEngine, BigQueryWarehouseEngine>();
        }
        else
        {
            builder.Services.TryAddSingleton<IWarehouseEngine, PostgresWarehouseEngine>();
        }
        builder.Services.AddStepEndpointLimit<LoadStreamConsumer>(
            $"{WarehouseOptions.Section}:{nameof(WarehouseOptions.ConcurrentLoads)}");
        builder.Services.AddStepFailureHandling();
        builder.Services.AddFailureClassifier<WarehouseFailureClassifier>();
        builder.Services.AddHostedService<WarehouseInitializer>();
        return builder;
    }

    /// <summary>Adds the warehouse service's consumers to the bus.</summary>
    public static IBusRegistrationConfigurator AddWarehouseConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddStepConsumer<LoadStreamConsumer>();
        bus.AddStepConsumer<BuildMartsConsumer>();
        return bus;
    }
}
