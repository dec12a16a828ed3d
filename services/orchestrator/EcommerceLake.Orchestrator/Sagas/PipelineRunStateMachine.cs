using System.Linq.Expressions;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Deadlines;
using MassTransit;

namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>
/// The run saga, as declarations; side effects live in <see cref="RunSteps"/> and the per-stream lifecycle in
/// <see cref="StreamStep"/>. <see cref="RunAccepted"/> creates a run and starts every stream's extract; each stream
/// then moves on by itself (extracted → process → load → offset committed; an empty increment commits its offset at
/// the extract and skips process and load). A stream fails on a failed event, a
/// <c>Fault&lt;T&gt;</c> of its command (the service's retries ran out: <see cref="FailureKind.Transient"/>), a
/// passed deadline (<see cref="RunDeadlinesDue"/>; <see cref="StepProgressed"/> moves it) or
/// <see cref="CancelRun"/>. A stream an operator paused is Paused from the start and counts as settled and loaded.
/// Each marts chain (<see cref="MartsInputs"/>) starts as soon as the run's streams feeding it have settled: all Loaded
/// (or Paused) → <see cref="BuildMarts"/> for the chain; any Failed → the chain is skipped. A chain's build fails like
/// a step (failed event, fault, deadline, cancellation). When every stream has settled the leases are released (and
/// follow-up runs requested); once every chain has settled too the run ends: Completed when every stream loaded and
/// every chain built, else Failed. Every ending deletes the cluster and publishes <see cref="RunCompleted"/> or
/// <see cref="RunFailed"/>. Events that do not apply in a state (duplicates, late answers, anything after the end)
/// are ignored.
/// </summary>
public sealed class PipelineRunStateMachine : MassTransitStateMachine<PipelineRunState>
{
    /// <summary>Declares states, events (all correlated by <c>RunId</c>) and transitions.</summary>
    public PipelineRunStateMachine(RunSteps steps)
    {
        InstanceState(x => x.CurrentState);
        Event(() => RunAccepted, e => e.CorrelateById(c => c.Message.RunId));
        Correlate(() => StreamExtracted);
        Correlate(() => StreamProcessed);
        Correlate(() => StreamLoaded);
        Correlate(() => ExtractionFailed);
        Correlate(() => ProcessingFailed);
        Correlate(() => LoadFailed);
        Correlate(() => MartsBuilt);
        Correlate(() => MartsBuildFailed);
        Correlate(() => DeadlinesDue);
        Correlate(() => CancelRequested);
        Correlate(() => StepProgressed);
        CorrelateFault(() => ExtractFaulted);
        CorrelateFault(() => ProcessFaulted);
        CorrelateFault(() => LoadFaulted);
        CorrelateFault(() => MartsFaulted);

        Initially(
            When(RunAccepted).ThenAsync(steps.StartAsync).IfElse(c => c.Saga.Error is null,
                started => Settle(started.TransitionTo(Running)),
                refused => refused.ThenAsync(steps.ReleaseSourcesAsync).ThenAsync(steps.FailRunAsync)
                    .TransitionTo(Failed)));

        During(Running,
            // An empty increment settles its stream at the extract (no process or load), so this one may end it too.
            Settle(When(StreamExtracted).ThenAsync(c => steps.AdvanceAsync(c, StreamStep.Extract,
                c.Message.DurationSeconds, (stream, m) => stream.Record(m)))),
            When(StreamProcessed).ThenAsync(c => steps.AdvanceAsync(c, StreamStep.Process, c.Message.DurationSeconds,
                (stream, m) => stream.Record(m))),
            Settle(When(StreamLoaded).ThenAsync(c => steps.AdvanceAsync(c, StreamStep.Load, c.Message.DurationSeconds,
                (stream, m) => stream.Record(m)))),
            Settle(When(ExtractionFailed).Then(c =>
                steps.FailStream(c, c.Message, StreamStep.Extract, c.Message.Kind, c.Message.Error))),
            Settle(When(ProcessingFailed).Then(c =>
                steps.FailStream(c, c.Message, StreamStep.Process, c.Message.Kind, c.Message.Error))),
            Settle(When(LoadFailed).Then(c =>
                steps.FailStream(c, c.Message, StreamStep.Load, c.Message.Kind, c.Message.Error))),
            Settle(When(ExtractFaulted).Then(c =>
                steps.FailStream(
                    c, c.Message.Message, StreamStep.Extract, FailureKind.Transient, Describe(c.Message)))),
            Settle(When(ProcessFaulted).Then(c =>
                steps.FailStream(
                    c, c.Message.Message, StreamStep.Process, FailureKind.Transient, Describe(c.Message)))),
            Settle(When(LoadFaulted).Then(c =>
                steps.FailStream(c, c.Message.Message, StreamStep.Load, FailureKind.Transient, Describe(c.Message)))),
            Settle(When(DeadlinesDue).ThenAsync(steps.ApplyDeadlinesAsync)),
            Settle(When(CancelRequested).Then(steps.Cancel)));

        // A chain's build may end while other streams still run (Running) or after every stream settled.
        During(Running, BuildingMarts,
            When(StepProgressed).Then(steps.RecordProgress),
            EndWhenSettled(When(MartsBuilt).Then(steps.RecordMartsBuilt)),
            EndWhenSettled(When(MartsBuildFailed).Then(c =>
                steps.FailMarts(c, c.Message.Chain, c.Message.Kind, c.Message.Error))),
            EndWhenSettled(When(MartsFaulted).Then(c =>
                steps.FailMarts(c, c.Message.Message.Chain, FailureKind.Transient, Describe(c.Message)))));

        During(BuildingMarts,
            EndWhenSettled(When(DeadlinesDue).ThenAsync(steps.ApplyDeadlinesAsync)),
            EndWhenSettled(When(CancelRequested).Then(steps.Cancel)));

        // At-least-once delivery: a duplicate, a late answer or anything after the end changes nothing.
        OnUnhandledEvent(c => c.Ignore());

        // In Running, after an event that may settle a stream: start the chains whose streams have settled; once
        // every stream has, release the sources and either end the run or wait for the chains still building.
        EventActivityBinder<PipelineRunState, T> Settle<T>(EventActivityBinder<PipelineRunState, T> binder)
            where T : class =>
            binder.ThenAsync(steps.StartReadyChainsAsync).If(c => c.Saga.AllStreamsSettled, settled => settled
                .ThenAsync(steps.ReleaseSourcesAsync)
                .IfElse(c => c.Saga.Marts.AllChainsSettled, End, building => building.TransitionTo(BuildingMarts)));

        // After an event that may settle a chain: once every stream and every chain has settled, the run ends.
        EventActivityBinder<PipelineRunState, T> EndWhenSettled<T>(EventActivityBinder<PipelineRunState, T> binder)
            where T : class =>
            binder.If(c => c.Saga.AllStreamsSettled && c.Saga.Marts.AllChainsSettled, End);

        EventActivityBinder<PipelineRunState, T> End<T>(EventActivityBinder<PipelineRunState, T> binder)
            where T : class =>
            binder.IfElse(c => c.Saga.Succeeded,
                completed => completed.ThenAsync(steps.CompleteAsync).TransitionTo(Completed),
                failed => failed.ThenAsync(steps.FailRunAsync).TransitionTo(Failed));
    }

    /// <summary>Streams are extracting, processing or loading.</summary>
    public State Running { get; private set; } = null!;
    /// <summary>Every stream has settled; a chain's marts still build.</summary>
    public State BuildingMarts { get; private set; } = null!;
    /// <summary>Every stream loaded, offsets committed, every chain's marts built. Final.</summary>
    public State Completed { get; private set; } = null!;
    /// <summary>A step failed, timed out or was cancelled, or the run could not start. Final.</summary>
    public State Failed { get; private set; } = null!;

    /// <summary>Admission accepted the run: creates the saga.</summary>
    public Event<RunAccepted> RunAccepted { get; private set; } = null!;
    /// <summary>A stream's land batch is written.</summary>
    public Event<StreamExtracted> StreamExtracted { get; private set; } = null!;
    /// <summary>A stream's raw batch is written.</summary>
    public Event<StreamProcessed> StreamProcessed { get; private set; } = null!;
    /// <summary>A stream's batch is in trusted.</summary>
    public Event<StreamLoaded> StreamLoaded { get; private set; } = null!;
    /// <summary>A stream's extraction failed.</summary>
    public Event<StreamExtractionFailed> ExtractionFailed { get; private set; } = null!;
    /// <summary>A stream's processing failed.</summary>
    public Event<StreamProcessingFailed> ProcessingFailed { get; private set; } = null!;
    /// <summary>A stream's load failed.</summary>
    public Event<StreamLoadFailed> LoadFailed { get; private set; } = null!;
    /// <summary>The ingestion service gave up on an <see cref="ExtractStream"/> after its retries.</summary>
    public Event<Fault<ExtractStream>> ExtractFaulted { get; private set; } = null!;
    /// <summary>The processing service gave up on a <see cref="ProcessStream"/> after its retries.</summary>
    public Event<Fault<ProcessStream>> ProcessFaulted { get; private set; } = null!;
    /// <summary>The warehouse service gave up on a <see cref="LoadStream"/> after its retries.</summary>
    public Event<Fault<LoadStream>> LoadFaulted { get; private set; } = null!;
    /// <summary>A chain's marts were built.</summary>
    public Event<MartsBuilt> MartsBuilt { get; private set; } = null!;
    /// <summary>Building a chain's marts failed.</summary>
    public Event<MartsBuildFailed> MartsBuildFailed { get; private set; } = null!;
    /// <summary>The warehouse service gave up on <see cref="BuildMarts"/> after its retries.</summary>
    public Event<Fault<BuildMarts>> MartsFaulted { get; private set; } = null!;
    /// <summary>A deadline of the run passed (<see cref="DeadlineSweeper"/>).</summary>
    public Event<RunDeadlinesDue> DeadlinesDue { get; private set; } = null!;
    /// <summary>A running step is alive; its deadline moves.</summary>
    public Event<StepProgressed> StepProgressed { get; private set; } = null!;

    /// <summary>An operator cancelled the run.</summary>
    public Event<CancelRun> CancelRequested { get; private set; } = null!;

    // An event for a run this orchestrator does not know (e.g. left from a dropped database) is dropped.
    private void Correlate<T>(Expression<Func<Event<T>>> e)
        where T : class, IRunMessage =>
        Event(e, x =>
        {
            x.CorrelateById(c => c.Message.RunId);
            x.OnMissingInstance(m => m.Discard());
        });

    private void CorrelateFault<T>(Expression<Func<Event<Fault<T>>>> e)
        where T : class, IRunMessage =>
        Event(e, x =>
        {
            x.CorrelateById(c => c.Message.Message.RunId);
            x.OnMissingInstance(m => m.Discard());
        });

    private static string Describe<T>(Fault<T> fault) =>
        "the service's retries ran out: " + string.Join("; ",
            fault.Exceptions.Select(x => $"{x.ExceptionType.Split('.').Last()}: {x.Message}"));
}
