using MassTransit;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Orchestrator;

/// <summary>Wiring of the orchestrator service.</summary>
public static class OrchestratorRegistration
{
    /// <summary>Registers the orchestrator service's options and engines.</summary>
    public static IHostApplicationBuilder AddOrchestrator(this IHostApplicationBuilder builder)
    {
        // TODO(helper): options, engine, migrations.
        return builder;
    }

    /// <summary>Adds the orchestrator service's consumers to the bus.</summary>
    public static IBusRegistrationConfigurator AddOrchestratorConsumers(this IBusRegistrationConfigurator bus)
    {
        // TODO(helper): consumers.
        return bus;
    }
}
