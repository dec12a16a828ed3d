using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.StreamControl;
using EcommerceLake.Orchestrator.Triggers;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Orchestrator.Infrastructure;

/// <summary>
/// <see cref="IRunLedger"/> on the orchestrator's PostgreSQL tables, through the DbContext of the saga attempt
/// (<see cref="SagaDbContextExtensions.GetOrchestratorDbContext"/>): the writes share the saga row's transaction.
/// </summary>
public sealed class RunLedger(ILogger<RunLedger> logger) : IRunLedger
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<(string Source, string Stream), string>> ReadOffsetsAsync(
        PipeContext context, IReadOnlyCollection<string> sources, CancellationToken cancellationToken) =>
        await RunStore.ReadOffsetsAsync(context.GetOrchestratorDbContext(), sources, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<(string Source, string Stream), StreamSwitches>> ReadSwitchesAsync(
        PipeContext context, IReadOnlyCollection<string> sources, CancellationToken cancellationToken) =>
        await RunStore.ReadSwitchesAsync(context.GetOrchestratorDbContext(), sources, cancellationToken);

    /// <inheritdoc />
    public Task ClearForceFullAsync(PipeContext context, string source, string stream, DateTimeOffset startedAt,
        CancellationToken cancellationToken) =>
        RunStore.ClearForceFullAsync(context.GetOrchestratorDbContext(), source, stream, startedAt,
            cancellationToken);

    /// <inheritdoc />
    public Task RecordLoadAsync(PipeContext context, string source, string stream, Guid runId, long landRows,
        DateTimeOffset loadedAt, CancellationToken cancellationToken) =>
        RunStore.RecordLoadAsync(context.GetOrchestratorDbContext(), source, stream, runId, landRows, loadedAt,
            cancellationToken);

    /// <inheritdoc />
    public Task CommitOffsetAsync(PipeContext context, string source, string stream, string offset, Guid runId,
        DateTimeOffset committedAt, CancellationToken cancellationToken) =>
        RunStore.CommitOffsetAsync(context.GetOrchestratorDbContext(), source, stream, offset, runId, committedAt,
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<RequestRun>> EndRunAsync(PipeContext context, Guid runId,
        IReadOnlyCollection<string> sources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var dbContext = context.GetOrchestratorDbContext();
        // Trigger rows are locked before the leases are touched: the order admission uses.
        var taken = await RunTriggerStore.TakePendingAsync(dbContext, sources, NewId.NextGuid, now, cancellationToken);
        await RunStore.ReleaseLeasesAsync(dbContext, runId, cancellationToken);
        var requests = new List<RequestRun>();
        foreach (var (followUp, followUpRunId) in taken)
        {
            logger.LogInformation(
                "Run {RunId} ended; requesting follow-up run {FollowUpRunId} of {Source} ({Count} coalesced " +
                "request(s), first {Trigger} by {RequestedBy})",
                runId, followUpRunId, followUp.Source, followUp.Count, followUp.Trigger, followUp.RequestedBy);
            requests.Add(RunTriggers.FollowUp(followUpRunId, followUp.Source, followUp.RequestedBy));
        }
        return requests;
    }
}
