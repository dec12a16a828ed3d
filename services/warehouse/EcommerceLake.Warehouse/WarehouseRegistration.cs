using MassTransit;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Warehouse;

/// <summary>Wiring of the warehouse service.</summary>
public static class WarehouseRegistration
{
    /// <summary>Registers the warehouse service's options and engines.</summary>
    public static IHostApplicationBuilder AddWarehouse(this IHostApplicationBuilder builder)
    {
        // TODO(helper): options, engine, migrations.
        return builder;
    }

    /// <summary>Adds the warehouse service's consumers to the bus.</summary>
    public static IBusRegistrationConfigurator AddWarehouseConsumers(this IBusRegistrationConfigurator bus)
    {
        // TODO(helper): consumers.
        return bus;
    }
}
