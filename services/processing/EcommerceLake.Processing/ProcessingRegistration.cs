using EcommerceLake.Hosting;
using EcommerceLake.Processing.Consumers;
using EcommerceLake.Processing.InProcess;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Processing;

/// <summary>Wiring of the processing service.</summary>
public static class ProcessingRegistration
{
    /// <summary>
    /// Registers the stream catalog, <see cref="ProcessingOptions"/> (section <c>Processing</c>, validated at start) and
    /// the <see cref="IProcessingEngine"/> named by <c>Processing:Engine</c>. The lake store comes from the hosting
    /// defaults (<c>AddLakeDefaults</c> or <c>AddLakeStorage</c>). The processing service owns no database, so it has no migrations.
    /// </summary>
    public static IHostApplicationBuilder AddProcessing(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(StreamCatalog.Default);
        builder.Services.AddValidatedOptions<ProcessingOptions>(ProcessingOptions.Section);
        var engine = builder.Configuration.GetSection(ProcessingOptions.Section).Get<ProcessingOptions>()?.Engine ?? ProcessingEngineKind.InProcess;
        switch (engine)
        {
            case ProcessingEngineKind.InProcess:
                builder.Services.TryAddSingleton<IProcessingEngine, InProcessProcessingEngine>();
                break;
            default:
                throw new InvalidOperationException($"Processing:Engine: '{engine}' is not a known processing engine.");
        }
        return builder;
    }

    /// <summary>Adds the processing service's consumers to the bus.</summary>
    public static IBusRegistrationConfigurator AddProcessingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ProcessStreamConsumer>();
        return bus;
    }
}
