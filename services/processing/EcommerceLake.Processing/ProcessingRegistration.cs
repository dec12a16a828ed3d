using EcommerceLake.Google;
using EcommerceLake.Hosting;
using EcommerceLake.Hosting.Steps;
using EcommerceLake.Processing.Consumers;
using EcommerceLake.Processing.Dataproc;
using EcommerceLake.Processing.InProcess;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Processing;

/// <summary>Wiring of the processing service.</summary>
public static class ProcessingRegistration
{
    /// <summary>
    /// Registers the stream catalog, <see cref="ProcessingOptions"/> (section <c>Processing</c>, validated at start;
    /// <c>Processing:ConcurrentStreams</c> sets the <see cref="StepEndpointOptions"/> of
    /// <see cref="ProcessStreamConsumer"/>) and the <see cref="IProcessingEngine"/> and <see cref="IClusterManager"/>
    /// named by <c>Processing:Engine</c>. For <c>Dataproc</c> it also registers the Google Cloud plumbing
    /// (<c>AddGoogleCloud</c>), <see cref="DataprocOptions"/> (section <c>Processing:Dataproc</c>, validated at start)
    /// and checks at start that <c>Lake:Store</c> is <c>Gcs</c> (the PySpark driver reads <c>gs://</c> URIs). The lake
    /// store is registered by the host (<c>AddLakeStorage</c>, EcommerceLake.Google). The processing service owns no
    /// database, so it has no migrations.
    /// </summary>
    public static IHostApplicationBuilder AddProcessing(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(StreamCatalog.Default);
        builder.Services.AddValidatedOptions<ProcessingOptions>(ProcessingOptions.Section);
        builder.Services.AddStepEndpointLimit<ProcessStreamConsumer>(
            $"{ProcessingOptions.Section}:{nameof(ProcessingOptions.ConcurrentStreams)}");
        builder.Services.AddStepFailureHandling();
        var engine = builder.Configuration.ReadSection<ProcessingOptions>(ProcessingOptions.Section).Engine;
        switch (engine)
        {
            case ProcessingEngineKind.InProcess:
                builder.Services.TryAddSingleton<IProcessingEngine, InProcessProcessingEngine>();
                builder.Services.TryAddSingleton<IClusterManager, NoClusterManager>();
                break;
            case ProcessingEngineKind.Dataproc:
                builder.AddGoogleCloud();
                builder.Services.AddValidatedOptions<DataprocOptions>(DataprocOptions.Section);
                builder.RequireCloudStorageLake(
                    "Lake:Store must be Gcs when Processing:Engine is Dataproc: the PySpark jobs read and write the " +
                    "lake through gs:// URIs.");
                builder.Services.TryAddSingleton(DataprocDriverFiles.Embedded());
                builder.Services.TryAddSingleton<DataprocClusters>();
                builder.Services.TryAddSingleton<DataprocJobs>();
                builder.Services.TryAddSingleton<DataprocStaging>();
                builder.Services.TryAddSingleton<IProcessingEngine, DataprocProcessingEngine>();
                builder.Services.TryAddSingleton<IClusterManager, DataprocClusterManager>();
                break;
            default:
                throw new InvalidOperationException($"Processing:Engine: '{engine}' is not a known processing engine.");
        }
        return builder;
    }

    /// <summary>Adds the processing service's consumers to the bus.</summary>
    public static IBusRegistrationConfigurator AddProcessingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddStepConsumer<ProcessStreamConsumer>();
        bus.AddConsumer<ProvisionClusterConsumer>();
        bus.AddConsumer<DeleteClusterConsumer>();
        return bus;
    }
}
