using EcommerceLake.Hosting;
using EcommerceLake.Streams;
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
    /// Registers the stream catalog, <see cref="WarehouseOptions"/> (section <c>Warehouse</c> and the required
    /// <c>ConnectionStrings:Warehouse</c>, validated at start: a missing connection string fails start with a message
    /// naming the key), the PostgreSQL <see cref="IWarehouseEngine"/>, and <see cref="WarehouseInitializer"/>, which
    /// applies the migrations and the per-stream DDL at start. The lake store comes from the hosting defaults.
    /// </summary>
    public static IHostApplicationBuilder AddWarehouse(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(StreamCatalog.Default);
        builder.Services.AddValidatedOptions<WarehouseOptions>(WarehouseOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                var connectionString = configuration[WarehouseOptions.ConnectionStringKey];
                if (string.IsNullOrWhiteSpace(connectionString) && options.ConnectionStringFile is { Length: > 0 } file && File.Exists(file))
                    connectionString = File.ReadLines(file).FirstOrDefault()?.Trim();
                options.ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? null : connectionString;
            })
            .Validate(o => o.ConnectionStringFile is not { Length: > 0 } file || File.Exists(file),
                "Warehouse:ConnectionStringFile: the file does not exist.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString),
                $"{WarehouseOptions.ConnectionStringKey} is required: the PostgreSQL connection string of the warehouse (or set Warehouse:ConnectionStringFile to a file that holds it).");
        builder.Services.TryAddSingleton<IWarehouseEngine, PostgresWarehouseEngine>();
        builder.Services.AddHostedService<WarehouseInitializer>();
        return builder;
    }

    /// <summary>Adds the warehouse service's consumers to the bus.</summary>
    public static IBusRegistrationConfigurator AddWarehouseConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<LoadStreamConsumer>();
        bus.AddConsumer<BuildMartsConsumer>();
        return bus;
    }
}
