using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Deadlines;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Outbox;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Bus;
using FluentAssertions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Orchestrator.Tests;

public class When_the_repository_is_wired_by_hand(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_create_and_update_the_saga_row_through_ISagaRepository()
    {
        var connectionString = await database.CreateDatabaseAsync("orch");
        await OrchestratorSchema.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        var schema = new OrchestratorSchema();
        schema.MarkReady();
        var dbContexts = new PooledDbContextFactory<OrchestratorDbContext>(
            OrchestratorDbContext.Options(connectionString));
        var signal = new OutboxSignal();
        ISagaRepository<PipelineRunState> repository = new PipelineRunSagaRepository(
            new PipelineRunSagaRepositoryContextFactory(dbContexts, schema, signal,
                NullLogger<PipelineRunSagaRepositoryContextFactory>.Instance));
        var machine = new PipelineRunStateMachine(new RunSteps(StreamCatalog.Default,
            new RunLedger(NullLogger<RunLedger>.Instance), new PostgresRunOutbox(TimeProvider.System),
            Options.Create(new DeadlineOptions()), TimeProvider.System, NullLogger<RunSteps>.Instance));
        var log = new MessageLog();
        var bus = Bus.Factory.CreateUsingInMemory(cfg =>
        {
            cfg.ReceiveEndpoint("runs", e =>
            {
                e.UseMessageRetry(r => r.Immediate(20));
                e.StateMachineSaga(machine, repository);
            });
            cfg.ReceiveEndpoint("extracts", e => e.Handler<ExtractStream>(context =>
            {
                log.Add(context.Message);
                return Task.CompletedTask;
            }));
        });
        await bus.StartAsync();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        lifetime.NotifyStarted();
        var relay = new OutboxRelay(
            Options.Create(new OrchestratorConnectionOptions { Orchestrator = connectionString }),
            schema, signal, bus, lifetime, Options.Create(new EcommerceLake.Hosting.BusOptions()),
            NullLogger<OutboxRelay>.Instance);
        await relay.StartAsync(CancellationToken.None);
        try
        {
            var runId = Guid.NewGuid();
            await bus.Publish(new RunAccepted
            {
                RunId = runId,
                Sources = ["reviews"],
                Trigger = RunTrigger.Api,
                RequestedBy = "tests",
                ForceFull = true,
                AcceptedAt = DateTimeOffset.UtcNow,
            });
            var extract = await log.WaitForOneAsync<ExtractStream>(m => m.RunId == runId);

            extract.Should().Be(new ExtractStream
            {
                RunId = runId,
                Source = "reviews",
                Stream = "order_reviews",
                Offset = null,
                ForceFull = true,
            });
            await using var dbContext = await dbContexts.CreateDbContextAsync();
            var run = await dbContext.Runs.AsNoTracking().SingleAsync(r => r.CorrelationId == runId);
            run.CurrentState.Should().Be("Running");
            run.Version.Should().NotBe(0u, "xmin is read back as the row version");
            run.Streams.Should().ContainSingle().Which.Status.Should().Be(StreamRunStatus.Extracting);
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
            await bus.StopAsync();
        }
    }
}
