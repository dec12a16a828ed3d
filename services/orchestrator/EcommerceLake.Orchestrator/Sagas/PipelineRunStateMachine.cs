using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Persistence;
using EcommerceLake.Orchestrator.Triggers;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>
/// The run saga. <see cref="RunAccepted"/> creates it: every stream of each source (from the stream catalog) gets
/// its committed offset and an <see cref="ExtractStream"/>. Each stream then moves on by itself:
/// <see cref="StreamExtracted"/> → <see cref="ProcessStream"/>, <see cref="StreamProcessed"/> → <see cref="LoadStream"/>,
/// <see cref="StreamLoaded"/> → the stream's offset (<c>OffsetTo</c>) is committed in the same transaction as the
/// saga row and the stream is Loaded. A <c>*Failed</c> event marks its stream Failed; its offset is untouched.
/// When every stream is Loaded or Failed:
/// <list type="bullet">
/// <item>all Loaded → <see cref="BuildMarts"/>, then <see cref="MartsBuilt"/> → Completed + <see cref="RunCompleted"/>
/// (<see cref="MartsBuildFailed"/> → Failed + <see cref="RunFailed"/>);</item>
/// <item>any Failed → the marts are <b>skipped</b> (they keep the last consistent build rather than mixing this run's
/// loaded streams with the old state of the failed ones; the next successful run rebuilds them) → Failed +
/// <see cref="RunFailed"/>.</item>
/// </list>
/// The run's processing cluster is asked for with <see cref="ProvisionCluster"/> together with the extracts, and
/// <see cref="DeleteCluster"/> is sent on entering Completed or Failed, whatever the cause (an engine without clusters
/// ignores both). Entering Completed or Failed releases the run's source leases in the same transaction and takes the sources'
/// pending follow-ups (automatic requests coalesced while the run held them): one <see cref="RequestRun"/> per such
/// source, published after the transaction commits. Events are delivered at
/// least once: a duplicate or late event (a stream not in the step the event finishes, any event after the run
/// ended, a second <see cref="RunAccepted"/>) changes nothing and publishes nothing.
/// </summary>
public sealed class PipelineRunStateMachine : MassTransitStateMachine<PipelineRunState>
{
    private readonly StreamCatalog _catalog;
    private readonly ILogger<PipelineRunStateMachine> _logger;

    /// <summary>Defines states, events (all correlated by <c>RunId</c>) and behaviour.</summary>
    public PipelineRunStateMachine(StreamCatalog catalog, ILogger<PipelineRunStateMachine> logger)
    {
        _catalog = catalog;
        _logger = logger;

        InstanceState(x => x.CurrentState);

        Event(() => RunAccepted, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => StreamExtracted, e => Correlate(e));
        Event(() => StreamExtractionFailed, e => Correlate(e));
        Event(() => StreamProcessed, e => Correlate(e));
        Event(() => StreamProcessingFailed, e => Correlate(e));
        Event(() => StreamLoaded, e => Correlate(e));
        Event(() => StreamLoadFailed, e => Correlate(e));
        Event(() => MartsBuilt, e => Correlate(e));
        Event(() => MartsBuildFailed, e => Correlate(e));

        Initially(
            When(RunAccepted)
                .ThenAsync(StartAsync)
                .IfElse(c => c.Saga.Error is null,
                    started => started.TransitionTo(Running),
                    refused => refused.ThenAsync(FailRunAsync).TransitionTo(Failed)));

        During(Running,
            Ignore(RunAccepted),
            Ignore(MartsBuilt),
            Ignore(MartsBuildFailed),
            When(StreamExtracted).ThenAsync(OnExtractedAsync),
            When(StreamProcessed).ThenAsync(OnProcessedAsync),
            Settle(When(StreamLoaded).ThenAsync(OnLoadedAsync)),
            Settle(When(StreamExtractionFailed).Then(c => FailStream(c, StreamRunStatus.Extracting, "extract", c.Message.Error))),
            Settle(When(StreamProcessingFailed).Then(c => FailStream(c, StreamRunStatus.Processing, "process", c.Message.Error))),
            Settle(When(StreamLoadFailed).Then(c => FailStream(c, StreamRunStatus.Loading, "load", c.Message.Error))));

        During(BuildingMarts,
            Ignore(RunAccepted),
            Ignore(StreamExtracted), Ignore(StreamExtractionFailed),
            Ignore(StreamProcessed), Ignore(StreamProcessingFailed),
            Ignore(StreamLoaded), Ignore(StreamLoadFailed),
            When(MartsBuilt).ThenAsync(CompleteRunAsync).TransitionTo(Completed),
            When(MartsBuildFailed)
                .Then(c =>
                {
                    c.Saga.Marts.Status = MartsStatus.Failed;
                    c.Saga.Marts.FinishedAt = DateTimeOffset.UtcNow;
                    c.Saga.Marts.Error = c.Message.Error;
                    c.Saga.Error = $"Building the marts failed: {c.Message.Error}";
                })
                .ThenAsync(FailRunAsync)
                .TransitionTo(Failed));

        During(Completed, Failed,
            Ignore(RunAccepted),
            Ignore(StreamExtracted), Ignore(StreamExtractionFailed),
            Ignore(StreamProcessed), Ignore(StreamProcessingFailed),
            Ignore(StreamLoaded), Ignore(StreamLoadFailed),
            Ignore(MartsBuilt), Ignore(MartsBuildFailed));
    }

    /// <summary>Streams are extracting, processing or loading.</summary>
    public State Running { get; private set; } = null!;

    /// <summary>Every stream is loaded; waiting for the marts.</summary>
    public State BuildingMarts { get; private set; } = null!;

    /// <summary>Every stream loaded, offsets committed, marts built. Final.</summary>
    public State Completed { get; private set; } = null!;

    /// <summary>At least one step failed (or the run could not start). Final.</summary>
    public State Failed { get; private set; } = null!;

    /// <summary>Admission accepted the run: creates the saga.</summary>
    public Event<RunAccepted> RunAccepted { get; private set; } = null!;

    /// <summary>A stream's land batch is written.</summary>
    public Event<StreamExtracted> StreamExtracted { get; private set; } = null!;

    /// <summary>A stream's extraction failed.</summary>
    public Event<StreamExtractionFailed> StreamExtractionFailed { get; private set; } = null!;

    /// <summary>A stream's raw batch is written.</summary>
    public Event<StreamProcessed> StreamProcessed { get; private set; } = null!;

    /// <summary>A stream's processing failed.</summary>
    public Event<StreamProcessingFailed> StreamProcessingFailed { get; private set; } = null!;

    /// <summary>A stream's batch is in trusted.</summary>
    public Event<StreamLoaded> StreamLoaded { get; private set; } = null!;

    /// <summary>A stream's load failed.</summary>
    public Event<StreamLoadFailed> StreamLoadFailed { get; private set; } = null!;

    /// <summary>The marts were rebuilt.</summary>
    public Event<MartsBuilt> MartsBuilt { get; private set; } = null!;

    /// <summary>Building the marts failed.</summary>
    public Event<MartsBuildFailed> MartsBuildFailed { get; private set; } = null!;

    private static void Correlate<T>(IEventCorrelationConfigurator<PipelineRunState, T> e)
        where T : class, IRunMessage
    {
        e.CorrelateById(c => c.Message.RunId);
        // An event for a run this orchestrator does not know (for example left over from a dropped database) is dropped.
        e.OnMissingInstance(m => m.Discard());
    }

    /// <summary>After a stream settles: when every stream has, either build the marts or end the run as failed.</summary>
    private EventActivityBinder<PipelineRunState, T> Settle<T>(EventActivityBinder<PipelineRunState, T> binder)
        where T : class =>
        binder.If(c => c.Saga.AllStreamsSettled,
            settled => settled.IfElse(c => c.Saga.AllStreamsLoaded,
                loaded => loaded
                    .Then(c =>
                    {
                        c.Saga.Marts.Status = MartsStatus.Building;
                        c.Saga.Marts.StartedAt = DateTimeOffset.UtcNow;
                    })
                    .Publish(c => new BuildMarts(c.Saga.CorrelationId))
                    .TransitionTo(BuildingMarts),
                failed => failed
                    .Then(c =>
                    {
                        c.Saga.Marts.Status = MartsStatus.Skipped;
                        c.Saga.Error = string.Join("; ", c.Saga.Streams.Where(s => s.Status == StreamRunStatus.Failed)
                            .Select(s => $"{s} failed to {s.FailedStep}: {s.Error}"));
                    })
                    .ThenAsync(FailRunAsync)
                    .TransitionTo(Failed)));

    private async Task StartAsync(BehaviorContext<PipelineRunState, RunAccepted> context)
    {
        var run = context.Saga;
        var message = context.Message;
        var now = DateTimeOffset.UtcNow;
        run.Sources = message.Sources.ToList();
        run.Trigger = message.Trigger;
        run.RequestedBy = message.RequestedBy;
        run.ForceFull = message.ForceFull;
        run.CreatedAt = message.AcceptedAt.ToUniversalTime();
        run.UpdatedAt = now;
        // The consume span of RunAccepted: its trace holds every step of the run (MassTransit propagates the context).
        run.TraceId = Activity.Current is { } activity ? activity.TraceId.ToHexString() : null;
        run.Marts = new MartsRun { Status = MartsStatus.Pending };

        var sources = run.Sources.Distinct(StringComparer.Ordinal).ToList();
        var unknown = sources.Where(s => !_catalog.Sources.Contains(s, StringComparer.Ordinal)).ToList();
        if (sources.Count == 0 || unknown.Count > 0)
        {
            run.Marts.Status = MartsStatus.Skipped;
            run.Error = sources.Count == 0
                ? "The run names no source."
                : $"Unknown source(s) {string.Join(", ", unknown.Select(s => $"'{s}'"))}. Known sources: {string.Join(", ", _catalog.Sources)}.";
            return;
        }

        var dbContext = context.GetOrchestratorDbContext();
        var offsets = await RunStore.ReadOffsetsAsync(dbContext, sources, context.CancellationToken);
        foreach (var spec in sources.SelectMany(_catalog.ForSource))
        {
            run.Streams.Add(new StreamRun
            {
                Source = spec.Source,
                Stream = spec.Stream,
                Status = StreamRunStatus.Extracting,
                OffsetFrom = offsets.GetValueOrDefault((spec.Source, spec.Stream)),
                ExtractStartedAt = now,
            });
        }

        // The cluster is asked for at the same moment as the extracts, so that it boots while extraction runs.
        await context.Publish(new ProvisionCluster(run.CorrelationId));
        foreach (var stream in run.Streams)
            await context.Publish(new ExtractStream(run.CorrelationId, stream.Source, stream.Stream, stream.OffsetFrom, run.ForceFull));
        _logger.LogInformation("Run {RunId} started: {Streams} streams of {Sources}", run.CorrelationId, run.Streams.Count, string.Join(", ", sources));
    }

    private async Task OnExtractedAsync(BehaviorContext<PipelineRunState, StreamExtracted> context)
    {
        var message = context.Message;
        if (Find(context, message, StreamRunStatus.Extracting) is not { } stream) return;
        var now = DateTimeOffset.UtcNow;
        stream.OffsetFrom = message.OffsetFrom;
        stream.OffsetTo = message.OffsetTo;
        stream.LandRows = message.RowCount;
        stream.Quarantined = message.QuarantinedCount;
        stream.LandBatchUri = message.LandBatchUri;
        stream.IsFullSnapshot = message.IsFullSnapshot;
        stream.ExtractFinishedAt = now;
        stream.ExtractSeconds = message.DurationSeconds;
        stream.Status = StreamRunStatus.Processing;
        stream.ProcessStartedAt = now;
        context.Saga.UpdatedAt = now;
        await context.Publish(new ProcessStream(message.RunId, message.Source, message.Stream, message.LandBatchUri, message.IsFullSnapshot));
    }

    private async Task OnProcessedAsync(BehaviorContext<PipelineRunState, StreamProcessed> context)
    {
        var message = context.Message;
        if (Find(context, message, StreamRunStatus.Processing) is not { } stream) return;
        var now = DateTimeOffset.UtcNow;
        stream.RawRows = message.RowCount;
        stream.Rejected = message.RejectedCount;
        stream.RawBatchUri = message.RawBatchUri;
        stream.IsFullSnapshot = message.IsFullSnapshot;
        stream.ProcessFinishedAt = now;
        stream.ProcessSeconds = message.DurationSeconds;
        stream.Status = StreamRunStatus.Loading;
        stream.LoadStartedAt = now;
        context.Saga.UpdatedAt = now;
        await context.Publish(new LoadStream(message.RunId, message.Source, message.Stream, message.RawBatchUri, message.IsFullSnapshot));
    }

    private async Task OnLoadedAsync(BehaviorContext<PipelineRunState, StreamLoaded> context)
    {
        var message = context.Message;
        if (Find(context, message, StreamRunStatus.Loading) is not { } stream) return;
        var now = DateTimeOffset.UtcNow;
        if (stream.OffsetTo is { } offset)
        {
            // Same DbContext and transaction as the saga row: the offset and "Loaded" commit together or not at all.
            await RunStore.CommitOffsetAsync(context.GetOrchestratorDbContext(), stream.Source, stream.Stream, offset,
                context.Saga.CorrelationId, now, context.CancellationToken);
            stream.OffsetCommittedAt = now;
        }
        stream.RawAppended = message.RawRowCount;
        stream.TrustedRows = message.TrustedRowCount;
        stream.Inserted = message.Inserted;
        stream.Updated = message.Updated;
        stream.Deleted = message.Deleted;
        stream.LoadFinishedAt = now;
        stream.LoadSeconds = message.DurationSeconds;
        stream.Status = StreamRunStatus.Loaded;
        context.Saga.UpdatedAt = now;
    }

    private void FailStream<T>(BehaviorContext<PipelineRunState, T> context, StreamRunStatus expected, string step, string error)
        where T : class, IStreamMessage
    {
        if (Find(context, context.Message, expected) is not { } stream) return;
        var now = DateTimeOffset.UtcNow;
        switch (expected)
        {
            case StreamRunStatus.Extracting: stream.ExtractFinishedAt = now; break;
            case StreamRunStatus.Processing: stream.ProcessFinishedAt = now; break;
            default: stream.LoadFinishedAt = now; break;
        }
        stream.Status = StreamRunStatus.Failed;
        stream.FailedStep = step;
        stream.Error = error;
        context.Saga.UpdatedAt = now;
        _logger.LogWarning("Run {RunId}: {Stream} failed to {Step}: {Error}", context.Saga.CorrelationId, stream, step, error);
    }

    private async Task CompleteRunAsync(BehaviorContext<PipelineRunState, MartsBuilt> context)
    {
        var run = context.Saga;
        var now = DateTimeOffset.UtcNow;
        run.Marts.Status = MartsStatus.Built;
        run.Marts.FinishedAt = now;
        run.Marts.DurationSeconds = context.Message.DurationSeconds;
        run.Marts.Tables = context.Message.RowCounts
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new MartRowCount { Table = t.Key, Rows = t.Value })
            .ToList();
        run.CompletedAt = now;
        run.UpdatedAt = now;
        var followUps = await EndRunAsync(context, now);
        await context.Publish(new DeleteCluster(run.CorrelationId, "completed"));
        await context.Publish(new RunCompleted(run.CorrelationId, run.Sources, now, (now - run.CreatedAt).TotalSeconds));
        foreach (var request in followUps) await context.Publish(request);
        _logger.LogInformation("Run {RunId} completed", run.CorrelationId);
    }

    private async Task FailRunAsync<T>(BehaviorContext<PipelineRunState, T> context)
        where T : class
    {
        var run = context.Saga;
        var now = DateTimeOffset.UtcNow;
        run.CompletedAt = now;
        run.UpdatedAt = now;
        run.Error ??= "The run failed.";
        var followUps = await EndRunAsync(context, now);
        // Every outcome deletes the run's cluster; deleting one that was never created or is already gone is success.
        await context.Publish(new DeleteCluster(run.CorrelationId, "failed"));
        await context.Publish(new RunFailed(run.CorrelationId, run.Sources, run.Error, now));
        foreach (var request in followUps) await context.Publish(request);
        _logger.LogWarning("Run {RunId} failed: {Reason}", run.CorrelationId, run.Error);
    }

    /// <summary>
    /// In the saga's transaction: locks the run's sources' trigger rows (before touching the leases, the order admission
    /// uses), takes their pending follow-ups and releases the leases. Returns the follow-up requests to publish.
    /// </summary>
    private async Task<IReadOnlyList<RequestRun>> EndRunAsync<T>(BehaviorContext<PipelineRunState, T> context, DateTimeOffset now)
        where T : class
    {
        var run = context.Saga;
        var dbContext = context.GetOrchestratorDbContext();
        var known = run.Sources.Where(s => _catalog.Sources.Contains(s, StringComparer.Ordinal)).ToList();
        var taken = await RunTriggerStore.TakePendingAsync(dbContext, known, NewId.NextGuid, now, context.CancellationToken);
        await RunStore.ReleaseLeasesAsync(dbContext, run.CorrelationId, context.CancellationToken);
        var requests = new List<RequestRun>();
        foreach (var (followUp, runId) in taken)
        {
            _logger.LogInformation("Run {RunId} ended; requesting follow-up run {FollowUpRunId} of {Source} ({Count} coalesced request(s), first {Trigger} by {RequestedBy})",
                run.CorrelationId, runId, followUp.Source, followUp.Count, followUp.Trigger, followUp.RequestedBy);
            requests.Add(RunTriggers.FollowUp(runId, followUp.Source, followUp.Trigger, followUp.RequestedBy));
        }
        return requests;
    }

    private StreamRun? Find<T>(BehaviorContext<PipelineRunState, T> context, IStreamMessage message, StreamRunStatus expected)
        where T : class
    {
        var stream = context.Saga.FindStream(message.Source, message.Stream);
        if (stream is null)
        {
            _logger.LogWarning("Run {RunId}: ignoring {MessageType} for {Source}.{Stream}, which is not part of the run",
                context.Saga.CorrelationId, typeof(T).Name, message.Source, message.Stream);
            return null;
        }
        if (stream.Status != expected)
        {
            _logger.LogDebug("Run {RunId}: ignoring {MessageType} for {Stream} in status {Status} (duplicate or late)",
                context.Saga.CorrelationId, typeof(T).Name, stream, stream.Status);
            return null;
        }
        return stream;
    }
}
