using EcommerceLake.Contracts;
using MassTransit;

namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>
/// State of one pipeline run (table <c>orchestrator.pipeline_runs</c>), owned by <see cref="PipelineRunStateMachine"/>.
/// Rows are kept after the run ends so the API can show its history.
/// </summary>
public sealed class PipelineRunState : SagaStateMachineInstance
{
    /// <summary>The run id (<c>RunId</c> of every run message); primary key <c>run_id</c>.</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>
    /// Name of the state machine state: <c>Running</c> (streams run; a chain's marts may build), <c>BuildingMarts</c>
    /// (every stream settled, a chain's marts still build), <c>Completed</c> or <c>Failed</c> (<c>Initial</c> only
    /// transiently).
    /// </summary>
    public string CurrentState { get; set; } = "";

    /// <summary>Source names of the run, in the order they were requested (PostgreSQL <c>text[]</c>).</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>The <c>source.stream</c> keys the run was narrowed to (<see cref="RequestRun.Streams"/>), in catalog
    /// order; null when every stream of <see cref="Sources"/> takes part (PostgreSQL <c>text[]</c>, column
    /// <c>selected_streams</c>, migration 0012).</summary>
    public List<string>? SelectedStreams { get; set; }

    /// <summary>What asked for the run (column <c>trigger</c> holds its wire name, for example
    /// <c>event:file-arrived</c>).</summary>
    public RunTrigger Trigger { get; set; }

    /// <summary>Who asked for the run.</summary>
    public string RequestedBy { get; set; } = "";

    /// <summary>True when every stream takes a full snapshot whatever its offset.</summary>
    public bool ForceFull { get; set; }

    /// <summary>When admission accepted the run (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Last change of this row (UTC); every handled event sets it.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the run reached <c>Completed</c> or <c>Failed</c> (UTC), else null.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>
    /// W3C trace id (32 lowercase hex digits) of the activity in which the saga started the run (the consume span of
    /// <c>RunAccepted</c>), else null when no trace listener was active. Search it in the trace viewer to see the run.
    /// </summary>
    public string? TraceId { get; set; }

    /// <summary>Why the run failed (a summary of the failed steps), else null.</summary>
    public string? Error { get; set; }

    /// <summary>One entry per stream of the run's sources, stored as the <c>jsonb</c> column <c>streams</c>.</summary>
    public List<StreamRun> Streams { get; set; } = [];

    /// <summary>The marts builds of the run, one per chain, stored as the <c>jsonb</c> column <c>marts</c>.</summary>
    public MartsRun Marts { get; set; } = new();

    /// <summary>
    /// Row version for optimistic concurrency: PostgreSQL's system column <c>xmin</c> (Npgsql maps a <c>uint</c>
    /// row version to it). A save whose <c>xmin</c> no longer matches throws <c>DbUpdateConcurrencyException</c>.
    /// </summary>
    public uint Version { get; set; }

    /// <summary>
    /// The entry of <paramref name="source"/>.<paramref name="stream"/>, or null when it is not part of the run.
    /// </summary>
    public StreamRun? FindStream(string source, string stream) =>
        Streams.FirstOrDefault(s => s.Source == source && s.Stream == stream);

    /// <summary>
    /// True when every stream is <see cref="StreamRunStatus.Loaded"/>, <see cref="StreamRunStatus.Failed"/> or
    /// <see cref="StreamRunStatus.Paused"/>.
    /// </summary>
    public bool AllStreamsSettled => Streams.All(s => s.IsSettled);

    /// <summary>
    /// True when every stream is <see cref="StreamRunStatus.Loaded"/> or <see cref="StreamRunStatus.Paused"/> (a
    /// paused stream keeps what trusted had, so the marts are built).
    /// </summary>
    public bool AllStreamsLoaded =>
        Streams.All(s => s.Status is StreamRunStatus.Loaded or StreamRunStatus.Paused);

    /// <summary>True when every stream is loaded (or paused) and every chain's marts were built: the run completes
    /// once nothing is left running.</summary>
    public bool Succeeded => AllStreamsLoaded && Marts.Chains.All(c => c.Status == MartsStatus.Built);
}
