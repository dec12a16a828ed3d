using EcommerceLake.Orchestrator.Sagas;
using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EcommerceLake.Orchestrator.Infrastructure;

/// <summary>
/// One attempt's view of the saga table: loads the run (tracked, its row locked), inserts or updates it through
/// <paramref name="dbContext"/> inside the transaction opened by <see cref="PipelineRunSagaRepositoryContextFactory"/>.
/// The DbContext is a payload of this context and of every saga consume context it creates.
/// </summary>
internal sealed class PipelineRunSagaRepositoryContext<TMessage>(
    OrchestratorDbContext dbContext, ConsumeContext<TMessage> context)
    : ConsumeContextScope<TMessage>(context, dbContext), SagaRepositoryContext<PipelineRunState, TMessage>
    where TMessage : class
{
    private const string InsertSavepoint = "pipeline_run_insert";

    public Task<SagaConsumeContext<PipelineRunState, TMessage>> Add(PipelineRunState instance) =>
        Task.FromResult<SagaConsumeContext<PipelineRunState, TMessage>>(
            new DefaultSagaConsumeContext<PipelineRunState, TMessage>(this, instance));

    public async Task<SagaConsumeContext<PipelineRunState, TMessage>> Insert(PipelineRunState instance)
    {
        // A failed INSERT aborts a PostgreSQL transaction, so the pre-insert runs under a savepoint.
        var transaction = dbContext.Database.CurrentTransaction
            ?? throw new InvalidOperationException("The saga repository context needs an open transaction.");
        await transaction.CreateSavepointAsync(InsertSavepoint, CancellationToken);
        var entry = dbContext.Runs.Add(instance);
        try
        {
            await dbContext.SaveChangesAsync(CancellationToken);
            await transaction.ReleaseSavepointAsync(InsertSavepoint, CancellationToken);
            return new DefaultSagaConsumeContext<PipelineRunState, TMessage>(this, instance);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            await transaction.RollbackToSavepointAsync(InsertSavepoint, CancellationToken);
            entry.State = EntityState.Detached;
            return null!;
        }
    }

    /// <summary>
    /// Loads the run and locks its row (<c>SELECT … FOR UPDATE</c>) until the attempt's transaction ends: events of
    /// one run queue on the row instead of racing and retrying. Under READ COMMITTED a waiting attempt reads the row
    /// as the previous attempt committed it, so the save's <c>xmin</c> check holds.
    /// </summary>
    public async Task<SagaConsumeContext<PipelineRunState, TMessage>> Load(Guid correlationId)
    {
        // Not composed by EF (ToListAsync straight after FromSql): FOR UPDATE stays on the outer query. xmin is a
        // system column that r.* leaves out.
        var rows = await dbContext.Runs
            .FromSql(
                $"SELECT r.*, r.xmin FROM orchestrator.pipeline_runs r WHERE r.run_id = {correlationId} FOR UPDATE")
            .AsTracking()
            .ToListAsync(CancellationToken);
        return rows.Count == 0
            ? null!
            : new DefaultSagaConsumeContext<PipelineRunState, TMessage>(this, rows[0]);
    }

    public async Task Save(SagaConsumeContext<PipelineRunState> context)
    {
        dbContext.Runs.Add(context.Saga);
        try
        {
            await dbContext.SaveChangesAsync(CancellationToken);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            // Another message created the same run first: treat it as a lost race, so the retry loads that row.
            throw new DbUpdateConcurrencyException(
                $"Run {context.Saga.CorrelationId} was created concurrently by another message.", ex);
        }
    }

    public Task Update(SagaConsumeContext<PipelineRunState> context) => dbContext.SaveChangesAsync(CancellationToken);

    public async Task Delete(SagaConsumeContext<PipelineRunState> context)
    {
        dbContext.Runs.Remove(context.Saga);
        await dbContext.SaveChangesAsync(CancellationToken);
    }

    public Task Discard(SagaConsumeContext<PipelineRunState> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<PipelineRunState> context)
    {
        var entry = dbContext.ChangeTracker.Entries<PipelineRunState>()
            .FirstOrDefault(e => e.Entity.CorrelationId == context.Saga.CorrelationId);
        if (entry is not null) entry.State = EntityState.Unchanged;
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<PipelineRunState, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext,
        PipelineRunState instance, SagaConsumeContextMode mode)
        where T : class =>
        Task.FromResult<SagaConsumeContext<PipelineRunState, T>>(
            new DefaultSagaConsumeContext<PipelineRunState, T>(
                new ConsumeContextScope<T>(consumeContext, dbContext), instance));

    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
