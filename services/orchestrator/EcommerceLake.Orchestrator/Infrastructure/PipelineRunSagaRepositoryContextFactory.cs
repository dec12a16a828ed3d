using System.Data;
using System.Diagnostics.Metrics;
using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator.Outbox;
using EcommerceLake.Orchestrator.Sagas;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Orchestrator.Infrastructure;

/// <summary>
/// Creates the repository context in which one delivery attempt of a message reaches the
/// <see cref="PipelineRunState"/> saga: a <b>new</b> <see cref="OrchestratorDbContext"/> (from
/// <see cref="IDbContextFactory{TContext}"/>, never the scoped one, so a retried attempt never sees entities
/// tracked by the attempt that failed) and a READ COMMITTED transaction around the load, the state machine
/// and the save. Saga activities reach the same DbContext through the consume context's payload, so their
/// writes (committed offsets, released leases) commit or roll back with the saga row.
/// </summary>
/// <remarks>
/// Concurrency is pessimistic on the run's row (as MassTransit's EF Core repository in pessimistic mode): the load
/// takes <c>SELECT … FOR UPDATE</c>, so concurrent events of one run wait for each other instead of losing a race and
/// being retried with back-off (which cost up to half a second per lost race when every stream of a run reported at
/// once). The save still checks <c>WHERE xmin = original</c>; a conflict that gets through anyway (a concurrent
/// insert of the same run) surfaces as <see cref="DbUpdateConcurrencyException"/>, the transaction rolls back and
/// the exception reaches the saga endpoint's retry filter, which redelivers the message to a fresh attempt. Query
/// correlation is not supported: every run message correlates by <c>RunId</c>.
/// </remarks>
public sealed class PipelineRunSagaRepositoryContextFactory(
    IDbContextFactory<OrchestratorDbContext> dbContextFactory,
    OrchestratorSchema schema,
    OutboxSignal outboxSignal,
    ILogger<PipelineRunSagaRepositoryContextFactory> logger) : ISagaRepositoryContextFactory<PipelineRunState>
{
    /// <summary>
    /// Counter <c>lake.orchestrator.saga_conflicts</c>: attempts lost to an optimistic-concurrency conflict, tagged
    /// with the run id and message type.
    /// </summary>
    public static readonly Counter<long> Conflicts = LakeTelemetry.Meter.CreateCounter<long>(
        "lake.orchestrator.saga_conflicts",
        description: "Saga attempts rolled back by an optimistic-concurrency conflict (then retried).");

    /// <inheritdoc />
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<PipelineRunState, T>> next)
        where T : class
    {
        await schema.WhenReadyAsync(context.CancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(context.CancellationToken);
        await using var transaction = await dbContext.Database.BeginTransactionAsync(
            IsolationLevel.ReadCommitted, context.CancellationToken);
        // No SAVEPOINT / RELEASE around each SaveChanges (two round trips each, made while the run's row is locked):
        // a failed save fails the whole attempt, which is rolled back and redelivered, never saved again in this
        // transaction (EF Core, "Transactions: Savepoints").
        dbContext.Database.AutoSavepointsEnabled = false;
        try
        {
            var repositoryContext = new PipelineRunSagaRepositoryContext<T>(dbContext, context);
            await next.Send(repositoryContext);
            await transaction.CommitAsync(context.CancellationToken);
            outboxSignal.Notify();
        }
        catch (DbUpdateConcurrencyException ex)
        {
            Conflicts.Add(1,
                new KeyValuePair<string, object?>(LakeTelemetry.RunIdTag, context.CorrelationId?.ToString()),
                new KeyValuePair<string, object?>("lake.message_type", typeof(T).Name));
            logger.LogDebug(
                "Run {RunId}: {MessageType} lost an optimistic-concurrency race ({Reason}); rolled back for a retry",
                context.CorrelationId, typeof(T).Name, ex.Message);
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always: pipeline runs correlate by <c>RunId</c> only.</exception>
    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<PipelineRunState> query,
        IPipe<SagaRepositoryQueryContext<PipelineRunState, T>> next)
        where T : class =>
        throw new NotSupportedException(
            "PipelineRunState correlates by RunId only; query correlation is not supported.");

    /// <inheritdoc />
    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "entity-framework-core");
        context.Add("concurrency", "optimistic (xmin)");
    }
}
