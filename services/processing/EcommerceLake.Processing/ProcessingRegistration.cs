using MassTransit;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Processing;

/// <summary>Wiring of the processing service.</summary>
public static class ProcessingRegistration
{
    /// <summary>Registers the processing service's options and engines.</summary>
    public static IHostApplicationBuilder AddProcessing(this IHostApplicationBuilder builder)
    {
        // TODO(helper): options, engine, migrations.
        return builder;
    }

    /// <summary>Adds the processing service's consumers to the bus.</summary>
    public static IBusRegistrationConfigurator AddProcessingConsumers(this IBusRegistrationConfigurator bus)
    {
        // TODO(helper): consumers.
        return bus;
    }
}
