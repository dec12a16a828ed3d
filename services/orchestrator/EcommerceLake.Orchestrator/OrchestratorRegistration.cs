using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator.Admission;
using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Orchestrator.Checks;
using EcommerceLake.Orchestrator.Clusters;
using EcommerceLake.Orchestrator.Deadlines;
using EcommerceLake.Orchestrator.Freshness;
using EcommerceLake.Orchestrator.History;
using EcommerceLake.Orchestrator.Lineage;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Metrics;
using EcommerceLake.Orchestrator.Offsets;
using EcommerceLake.Orchestrator.Outbox;
using EcommerceLake.Orchestrator.Schemas;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Schedules;
using EcommerceLake.Orchestrator.StreamControl;
using EcommerceLake.Orchestrator.Triggers;
using EcommerceLake.Streams;
using MassTransit;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator;

/// <summary>Wiring of the orchestrator service.</summary>
public static class OrchestratorRegistration
{
    /// <summary>
    /// Registers the orchestrator's options (<c>ConnectionStrings:Orchestrator</c>, required; section
    /// <c>Orchestrator</c>), the stream catalog, the EF Core <see cref="OrchestratorDbContext"/> factory over Npgsql,
    /// the saga repository, admission, <see cref="RunQueries"/>, and a hosted service that applies the schema
    /// scripts at start, and the readiness check <c>orchestrator-db</c>; EF Core's per-command SQL logs are filtered
    /// to Warning. Call it before <c>AddLakeBus</c> so the schema is applied before the bus starts (the saga
    /// repository and admission also wait for it).
    /// Also the operations side: <see cref="TimeProvider"/> (the system clock unless one is registered before),
    /// <see cref="OffsetResets"/>, sections <c>Alerts</c> and <c>Orchestrator:ReviewsWebhook</c>, the
    /// <see cref="AlertRaiser"/>, the alert webhook's HttpClient, and the hosted <see cref="RunScheduler"/>,
    /// <see cref="AlertMonitor"/>, <see cref="ClusterWatcher"/>, <see cref="FreshnessMonitor"/> and
    /// <see cref="HistorySweeper"/> (each also resolvable as itself); sections <c>Freshness</c> and
    /// <c>Orchestrator:History</c>, <see cref="FreshnessQueries"/>, <see cref="LineageQueries"/>,
    /// <see cref="HistoryPruner"/> and
    /// <see cref="StreamControls"/>.
    /// </summary>
    public static IHostApplicationBuilder AddOrchestrator(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // EF Core logs every SQL command at Information; the saga issues several per event.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        services.AddValidatedOptions<OrchestratorConnectionOptions>(OrchestratorConnectionOptions.Section);
        services.AddValidatedOptions<OrchestratorOptions>(OrchestratorOptions.Section);
        services.TryAddSingleton(StreamCatalog.Default);
        services.AddDbContextFactory<OrchestratorDbContext>((provider, options) =>
            OrchestratorDbContext.Configure(options,
                provider.GetRequiredService<IOptions<OrchestratorConnectionOptions>>().Value.Orchestrator!));
        services.TryAddSingleton<OrchestratorSchema>();
        services.AddHostedService<OrchestratorMigrationService>();
        services.AddHealthChecks().AddCheck<OrchestratorDatabaseHealthCheck>("orchestrator-db");
        services.TryAddSingleton<PipelineRunSagaRepositoryContextFactory>();
        services.TryAddSingleton<ISagaRepository<PipelineRunState>, PipelineRunSagaRepository>();
        services.TryAddSingleton<RunAdmission>();
        services.TryAddSingleton<RunRefusalStore>();
        services.TryAddSingleton<RunQueries>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<AlertOptions>(AlertOptions.Section);
        services.AddValidatedOptions<ReviewsWebhookOptions>(ReviewsWebhookOptions.Section);
        services.TryAddSingleton<OffsetResets>();
        services.TryAddSingleton<AlertRaiser>();
        services.AddHttpClient(AlertWebhookConsumer.HttpClientName);
        services.TryAddSingleton<ScheduleStore>();
        services.TryAddSingleton<CheckResultStore>();
        services.TryAddSingleton<SourceSchemaStore>();
        services.TryAddSingleton<RunScheduler>();
        services.TryAddSingleton<AlertMonitor>();
        services.TryAddSingleton<ClusterWatcher>();
        services.AddValidatedOptions<FreshnessOptions>(FreshnessOptions.Section);
        services.TryAddSingleton<FreshnessQueries>();
        services.TryAddSingleton<LineageQueries>();
        services.TryAddSingleton<FreshnessMonitor>();
        services.TryAddSingleton<StreamControls>();
        services.AddValidatedOptions<DeadlineOptions>(DeadlineOptions.Section);
        services.TryAddSingleton<IRunLedger, RunLedger>();
        services.TryAddSingleton<RunSteps>();
        services.TryAddSingleton<IRunOutbox, PostgresRunOutbox>();
        services.TryAddSingleton<OutboxSignal>();
        services.AddHostedService<OutboxRelay>();
        services.TryAddSingleton<DeadlineSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<DeadlineSweeper>());
        services.AddValidatedOptions<HistoryOptions>(HistoryOptions.Section);
        services.TryAddSingleton<HistoryPruner>();
        services.TryAddSingleton<HistorySweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<HistorySweeper>());
        services.AddHostedService(provider => provider.GetRequiredService<RunScheduler>());
        services.AddHostedService(provider => provider.GetRequiredService<AlertMonitor>());
        services.AddHostedService(provider => provider.GetRequiredService<ClusterWatcher>());
        services.AddHostedService(provider => provider.GetRequiredService<FreshnessMonitor>());
        return builder;
    }

    /// <summary>
    /// Adds the run saga (<see cref="PipelineRunStateMachine"/> with its definition and the EF Core repository) and
    /// <see cref="RequestRunConsumer"/> to the bus, with the operations consumers: source events
    /// (<see cref="SourceChangeDetectedConsumer"/>), committed offsets for detectors
    /// (<see cref="GetCommittedOffsetsConsumer"/>), alerts (<see cref="FailureAlertConsumer"/>,
    /// <see cref="DeadLetterAlertConsumer"/>, <see cref="AlertWebhookConsumer"/>), clusters
    /// (<see cref="ClusterLifecycleConsumer"/>), metrics (<see cref="PipelineMetricsConsumer"/>) and data-quality check
    /// outcomes (<see cref="CheckResultsConsumer"/>) and source schema drift (<see cref="SchemaDriftConsumer"/>). Needs
    /// <see cref="AddOrchestrator"/>.
    /// </summary>
    public static IBusRegistrationConfigurator AddOrchestratorConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddSagaStateMachine<PipelineRunStateMachine, PipelineRunState, PipelineRunStateMachineDefinition>()
            .Repository(r => r.TryAddScoped<ISagaRepositoryContextFactory<PipelineRunState>>(
                provider => provider.GetRequiredService<PipelineRunSagaRepositoryContextFactory>()));
        bus.AddConsumer<RequestRunConsumer>();
        bus.AddConsumer<SourceChangeDetectedConsumer>();
        bus.AddConsumer<GetCommittedOffsetsConsumer>();
        bus.AddConsumer<FailureAlertConsumer>();
        bus.AddConsumer<DeadLetterAlertConsumer>();
        bus.AddConsumer<AlertWebhookConsumer>();
        bus.AddConsumer<ClusterLifecycleConsumer>();
        bus.AddConsumer<PipelineMetricsConsumer>();
        bus.AddConsumer<CheckResultsConsumer>();
        bus.AddConsumer<SchemaDriftConsumer>();
        return bus;
    }
}
