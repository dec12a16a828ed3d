using EcommerceLake.Contracts;
using MassTransit;

namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>
/// What the run saga reads and writes beside its own row: committed offsets, source leases and coalesced follow-up
/// requests. Every call takes the saga's consume context, so the production ledger
/// (<see cref="Infrastructure.RunLedger"/>) writes through that attempt's DbContext and commits or rolls back together
/// with the saga row.
/// </summary>
public interface IRunLedger
{
    /// <summary>The committed offset (connector JSON) of every stream of <paramref name="sources"/> that has one,
    /// keyed by (source, stream).</summary>
    Task<IReadOnlyDictionary<(string Source, string Stream), string>> ReadOffsetsAsync(PipeContext context,
        IReadOnlyCollection<string> sources, CancellationToken cancellationToken);

    /// <summary>
    /// The operator switches (<see cref="StreamControl.StreamSwitches"/>) of every stream of
    /// <paramref name="sources"/> that has a row, keyed by (source, stream).
    /// </summary>
    Task<IReadOnlyDictionary<(string Source, string Stream), StreamControl.StreamSwitches>> ReadSwitchesAsync(
        PipeContext context, IReadOnlyCollection<string> sources, CancellationToken cancellationToken);

    /// <summary>
    /// Clears the "force the next run full" switch of one stream when it was asked for at or before
    /// <paramref name="startedAt"/> (the run's extract start): a request made after the run read the switch stays.
    /// </summary>
    Task ClearForceFullAsync(PipeContext context, string source, string stream, DateTimeOffset startedAt,
        CancellationToken cancellationToken);

    /// <summary>
    /// Records that one stream was loaded at <paramref name="loadedAt"/> by <paramref name="runId"/> with
    /// <paramref name="landRows"/> rows (its freshness: only a load with rows counts as data arriving).
    /// </summary>
    Task RecordLoadAsync(PipeContext context, string source, string stream, Guid runId, long landRows,
        DateTimeOffset loadedAt, CancellationToken cancellationToken);

    /// <summary>Sets the committed offset of one stream to <paramref name="offset"/> (insert or update).</summary>
    Task CommitOffsetAsync(PipeContext context, string source, string stream, string offset, Guid runId,
        DateTimeOffset committedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Ends run <paramref name="runId"/> in the ledger: takes the pending follow-ups of <paramref name="sources"/>
    /// (requests coalesced while the run held them) and releases the run's leases.
    /// </summary>
    /// <returns>One <see cref="RequestRun"/> per follow-up taken, to publish once the transaction commits.</returns>
    Task<IReadOnlyList<RequestRun>> EndRunAsync(PipeContext context, Guid runId, IReadOnlyCollection<string> sources,
        DateTimeOffset now, CancellationToken cancellationToken);
}
