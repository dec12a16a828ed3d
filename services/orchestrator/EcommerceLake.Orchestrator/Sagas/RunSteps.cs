using System.Diagnostics;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Admission;
using EcommerceLake.Orchestrator.Deadlines;
using EcommerceLake.Orchestrator.Outbox;
using EcommerceLake.Streams;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>
/// The side effects of <see cref="PipelineRunStateMachine"/>: reading and committing offsets through
/// <see cref="IRunLedger"/>, sending step commands through the durable <see cref="IRunOutbox"/> (stored in the
/// saga's transaction, published after its commit), deadlines, and ending a run. Time comes from
/// <see cref="TimeProvider"/>. Every method is safe under at-least-once delivery: an event that does not match the
/// stream's current step (duplicate, late, or for a settled stream) changes nothing and sends nothing.
/// </summary>
public sealed class RunSteps(
    StreamCatalog catalog,
    IRunLedger ledger,
    IRunOutbox outbox,
    IOptions<DeadlineOptions> deadlines,
    TimeProvider time,
    ILogger<RunSteps> logger)
{
    private DeadlineOptions Deadlines => deadlines.Value;

    /// <summary>
    /// Fills a new run from <see cref="RunAccepted"/>: one <see cref="StreamRun"/> per stream of its sources (from
    /// the catalog) with its committed offset, then <see cref="ProvisionCluster"/> and one <see cref="ExtractStream"/>
    /// per stream (of the streams the run was narrowed to, <see cref="PipelineRunState.SelectedStreams"/>, if any).
    /// A stream an operator paused (<see cref="StreamControl.StreamControls"/>) is added as
    /// <see cref="StreamRunStatus.Paused"/> and sent nothing; a stream with the force-full switch extracts whole. A
    /// run naming no or unknown sources, or a selection <see cref="RunSelection.Problem"/> refuses, gets
    /// <see cref="PipelineRunState.Error"/> and sends nothing.
    /// </summary>
    public async Task StartAsync(BehaviorContext<PipelineRunState, RunAccepted> context)
    {
        var run = context.Saga;
        var message = context.Message;
        var now = time.GetUtcNow();
        (run.Sources, run.SelectedStreams, run.Trigger, run.RequestedBy, run.ForceFull) =
            (message.Sources.ToList(), message.Streams?.ToList(), message.Trigger, message.RequestedBy,
                message.ForceFull);
        (run.CreatedAt, run.UpdatedAt) = (message.AcceptedAt.ToUniversalTime(), now);
        // The consume span of RunAccepted: its trace holds every step of the run (MassTransit propagates it).
        run.TraceId = Activity.Current?.TraceId.ToHexString();
        run.Marts = MartsRun.NewPending();

        var sources = run.Sources.Distinct(StringComparer.Ordinal).ToList();
        if (RunSelection.Problem(catalog, sources, run.SelectedStreams) is { } problem)
        {
            foreach (var chain in run.Marts.Chains) chain.Status = MartsStatus.Skipped;
            run.Marts.Summarize();
            run.Error = problem;
            return;
        }

        var offsets = await ledger.ReadOffsetsAsync(context, sources, context.CancellationToken);
        var switches = await ledger.ReadSwitchesAsync(context, sources, context.CancellationToken);
        foreach (var spec in sources.SelectMany(catalog.ForSource)
                     .Where(s => RunSelection.Includes(run.SelectedStreams, s.Key)))
        {
            var control = switches.GetValueOrDefault((spec.Source, spec.Stream));
            var stream = new StreamRun
            {
                Source = spec.Source, Stream = spec.Stream,
                OffsetFrom = offsets.GetValueOrDefault((spec.Source, spec.Stream)),
                ForceFull = run.ForceFull || control is { ForceFull: true },
            };
            if (control is { Paused: true })
                (stream.Status, stream.PausedReason) =
                    (StreamRunStatus.Paused, $"paused by {control.PausedBy}: {control.PausedReason}");
            else
                stream.Start(StreamStep.Extract, now);
            run.Streams.Add(stream);
        }
        var active = run.Streams.Where(s => s.Status != StreamRunStatus.Paused).ToList();
        // The cluster is asked for with the extracts, so that it boots while extraction runs.
        if (active.Count > 0) await PublishAsync(context, new ProvisionCluster { RunId = run.CorrelationId });
        foreach (var stream in active) await PublishAsync(context, StreamStep.Extract.Command(run, stream));
        logger.LogInformation("Run {RunId} started: {Streams} streams of {Sources} ({Paused} paused)",
            run.CorrelationId, active.Count, string.Join(", ", sources), run.Streams.Count - active.Count);
    }

    /// <summary>
    /// Applies the event that finishes <paramref name="step"/> of the event's stream:
    /// <paramref name="record"/> copies what the service reported, then the stream starts the next step (its command
    /// sent) or, after the load, commits its offset in the saga's transaction and becomes Loaded. An extract that
    /// landed an empty increment (<see cref="StreamExtracted.IsEmptyIncrement"/>) skips process and load — they would
    /// change nothing in trusted — and the stream commits its offset and becomes Loaded at once
    /// (<see cref="StreamRun.NothingToLoad"/>).
    /// </summary>
    public async Task AdvanceAsync<T>(BehaviorContext<PipelineRunState, T> context, StreamStep step,
        double seconds, Action<StreamRun, T> record)
        where T : class, IStreamMessage
    {
        if (Find(context, context.Message, step) is not { } stream) return;
        var now = time.GetUtcNow();
        record(stream, context.Message);
        stream.Finish(step, now, seconds);
        context.Saga.UpdatedAt = now;
        if (context.Message is StreamExtracted { IsEmptyIncrement: true })
            stream.NothingToLoad = true;
        else if (step.Next() is { } next)
        {
            stream.Start(next, now);
            await PublishAsync(context, next.Command(context.Saga, stream));
            return;
        }
        if (stream.OffsetTo is { } offset)
        {
            await ledger.CommitOffsetAsync(context, stream.Source, stream.Stream, offset, context.Saga.CorrelationId,
                now, context.CancellationToken);
            stream.OffsetCommittedAt = now;
        }
        await ledger.RecordLoadAsync(context, stream.Source, stream.Stream, context.Saga.CorrelationId,
            stream.LandRows, now, context.CancellationToken);
        if (stream.ForceFull && stream.ExtractStartedAt is { } started)
            await ledger.ClearForceFullAsync(context, stream.Source, stream.Stream, started,
                context.CancellationToken);
        stream.Status = StreamRunStatus.Loaded;
    }

    /// <summary>Fails the stream of <paramref name="message"/> when it is running <paramref name="step"/>.</summary>
    public void FailStream<T>(BehaviorContext<PipelineRunState, T> context, IStreamMessage message, StreamStep step,
        FailureKind kind, string error)
        where T : class
    {
        if (Find(context, message, step) is not { } stream) return;
        Fail(context.Saga, stream, kind, error);
    }

    /// <summary>
    /// Acts on passed deadlines (<see cref="RunDeadlinesDue"/>): past the run's deadline every unsettled stream
    /// fails with <see cref="FailureKind.TimedOut"/>; otherwise a step whose attempt went unanswered for
    /// <see cref="DeadlineOptions.Step"/> is sent again,
    /// until <see cref="DeadlineOptions.Attempts"/> sends went unanswered and the stream fails.
    /// </summary>
    public async Task ApplyDeadlinesAsync(BehaviorContext<PipelineRunState, RunDeadlinesDue> context)
    {
        var run = context.Saga;
        var now = time.GetUtcNow();
        var runExpired = now >= run.CreatedAt + Deadlines.Run;
        foreach (var stream in run.Streams.Where(s => s.CurrentStep is not null))
        {
            var step = stream.CurrentStep!.Value;
            var due = IsDue(stream.SentAt, now);
            if (runExpired)
                Fail(run, stream, FailureKind.TimedOut, $"the run passed its deadline of {Deadlines.Run} " +
                    $"(Orchestrator:Deadlines:Run) while the stream was in {step.Name()}");
            else if (due && stream.Attempt >= Deadlines.Attempts)
                Fail(run, stream, FailureKind.TimedOut, $"{step.Command(run, stream).GetType().Name} went " +
                    $"unanswered {stream.Attempt} time(s) for {Deadlines.Step} each (Orchestrator:Deadlines)");
            else if (due)
            {
                stream.Attempt++;
                stream.SentAt = now;
                await ResendAsync(context, step.Command(run, stream), stream.Attempt);
            }
        }
        foreach (var chain in run.Marts.ChainsIn(MartsStatus.Building))
        {
            var due = IsDue(chain.SentAt, now);
            if (runExpired)
                FailChain(run, chain, FailureKind.TimedOut, $"the run passed its deadline of {Deadlines.Run}");
            else if (due && chain.Attempt >= Deadlines.Attempts)
                FailChain(run, chain, FailureKind.TimedOut,
                    $"BuildMarts ({chain.Name}) went unanswered {chain.Attempt} time(s) for {Deadlines.Step} each");
            else if (due)
            {
                chain.Attempt++;
                chain.SentAt = now;
                await ResendAsync(context, new BuildMarts { RunId = run.CorrelationId, Chain = chain.Chain },
                    chain.Attempt);
            }
        }
        run.UpdatedAt = now;
    }

    /// <summary>
    /// A running step reported progress (<see cref="StepProgressed"/>): its deadline starts again from now. Progress
    /// for a step the stream is no longer in (late, duplicate) changes nothing; it never counts as an answer.
    /// </summary>
    public void RecordProgress(BehaviorContext<PipelineRunState, StepProgressed> context)
    {
        var (run, message, now) = (context.Saga, context.Message, time.GetUtcNow());
        if (message.Source is null || message.Stream is null)
        {
            if (message.Step == nameof(BuildMarts))
                foreach (var chain in run.Marts.ChainsIn(MartsStatus.Building, message.Chain)) chain.SentAt = now;
            return;
        }
        if (run.FindStream(message.Source, message.Stream) is { CurrentStep: { } step } stream
            && step.CommandName() == message.Step)
            stream.SentAt = now;
    }

    /// <summary>Cancels the run (<see cref="CancelRun"/>): every unsettled stream and every chain's running marts build
    /// fail with <see cref="FailureKind.Cancelled"/>, naming who asked and why.</summary>
    public void Cancel(BehaviorContext<PipelineRunState, CancelRun> context)
    {
        var reason = $"cancelled by {context.Message.RequestedBy}: {context.Message.Reason}";
        foreach (var stream in context.Saga.Streams.Where(s => !s.IsSettled))
            Fail(context.Saga, stream, FailureKind.Cancelled, reason);
        foreach (var chain in context.Saga.Marts.ChainsIn(MartsStatus.Building))
            FailChain(context.Saga, chain, FailureKind.Cancelled, reason);
        context.Saga.Error = $"The run was {reason}";
        logger.LogWarning("Run {RunId} {Reason}", context.Saga.CorrelationId, reason);
    }

    /// <summary>
    /// Starts the build of every chain whose streams have settled (<see cref="MartsInputs"/>: the run's streams of the
    /// tables the chain reads; all of the run's streams for a chain none of them feeds, so that such a chain is still
    /// brought up to date, as after a changed definition, once the run's loads are over): with all of them Loaded or
    /// Paused it sends <see cref="BuildMarts"/> for the chain, else the chain is Skipped (its marts keep their last
    /// consistent build instead of mixing new and old data; the next successful run maintains them). A chain's build
    /// reads only its own trusted tables, so the order marts no longer wait for a slow review stream.
    /// </summary>
    public async Task StartReadyChainsAsync<T>(BehaviorContext<PipelineRunState, T> context)
        where T : class
    {
        var run = context.Saga;
        var now = time.GetUtcNow();
        foreach (var chain in run.Marts.ChainsIn(MartsStatus.Pending))
        {
            var feeding = run.Streams.Where(s => chain.Chain is null || ChainOf(s) == chain.Chain).ToList();
            if (feeding.Count == 0) feeding = run.Streams;
            if (!feeding.All(s => s.IsSettled)) continue;
            if (feeding.All(s => s.Status is StreamRunStatus.Loaded or StreamRunStatus.Paused))
            {
                (chain.Status, chain.StartedAt, chain.Attempt, chain.SentAt) = (MartsStatus.Building, now, 1, now);
                await PublishAsync(context, new BuildMarts { RunId = run.CorrelationId, Chain = chain.Chain });
                logger.LogInformation("Run {RunId}: building the {Chain} marts", run.CorrelationId, chain.Name);
            }
            else
                chain.Status = MartsStatus.Skipped;
        }
        run.Marts.Summarize();
    }

    /// <summary>
    /// Every stream has settled: releases the run's sources (leases released, pending follow-up runs requested). Every
    /// offset is committed (or, for a failed stream, left as it was) by now, so the next run of a source may start
    /// while marts build — a change that arrived during this run does not wait for its marts. Also for a run that
    /// could not start, whose known sources it releases.
    /// </summary>
    public Task ReleaseSourcesAsync<T>(BehaviorContext<PipelineRunState, T> context)
        where T : class =>
        ReleaseSourcesAsync(context, time.GetUtcNow());

    /// <summary>A chain's build finished (<see cref="MartsBuilt"/>): records its duration and row counts. An answer
    /// for a chain that is not building (duplicate, late) changes nothing; one for every chain (<c>Chain</c> null, a
    /// warehouse from before chains were built apart) settles every building chain.</summary>
    public void RecordMartsBuilt(BehaviorContext<PipelineRunState, MartsBuilt> context)
    {
        var (run, message, now) = (context.Saga, context.Message, time.GetUtcNow());
        foreach (var chain in run.Marts.ChainsIn(MartsStatus.Building, message.Chain))
        {
            (chain.Status, chain.FinishedAt, chain.SentAt) = (MartsStatus.Built, now, null);
            chain.DurationSeconds = message.DurationSeconds;
            chain.Tables = message.RowCounts.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new MartRowCount { Table = t.Key, Rows = t.Value }).ToList();
        }
        run.Marts.Summarize();
        run.UpdatedAt = now;
    }

    /// <summary>Fails the build of <paramref name="chain"/> (null: of every chain) when it is running.</summary>
    public void FailMarts<T>(BehaviorContext<PipelineRunState, T> context, MartsChainName? chain, FailureKind kind,
        string error)
        where T : class
    {
        foreach (var building in context.Saga.Marts.ChainsIn(MartsStatus.Building, chain))
            FailChain(context.Saga, building, kind, error);
    }

    /// <summary>Completes the run once every stream is loaded and every chain built: deletes the cluster and publishes
    /// <see cref="RunCompleted"/> (the leases were released when the last stream settled).</summary>
    public async Task CompleteAsync<T>(BehaviorContext<PipelineRunState, T> context)
        where T : class
    {
        var run = context.Saga;
        var now = time.GetUtcNow();
        await EndAsync(context, now, RunOutcome.Completed, new RunCompleted
        {
            RunId = run.CorrelationId,
            Sources = run.Sources,
            CompletedAt = now,
            DurationSeconds = (now - run.CreatedAt).TotalSeconds,
        });
        logger.LogInformation("Run {RunId} completed", run.CorrelationId);
    }

    /// <summary>Fails the run: its error names every failed stream (step, kind, error) or else the failed marts
    /// builds; deletes the cluster (every outcome does; deleting one that was never created is success) and publishes
    /// <see cref="RunFailed"/>.</summary>
    public async Task FailRunAsync<T>(BehaviorContext<PipelineRunState, T> context)
        where T : class
    {
        var run = context.Saga;
        var now = time.GetUtcNow();
        var failed = run.Streams.Where(s => s.Status == StreamRunStatus.Failed).ToList();
        run.Error ??= failed.Count > 0
            ? string.Join("; ", failed.Select(s => $"{s} failed to {s.FailedStep} ({s.FailureKind}): {s.Error}"))
            : run.Marts.Error is { } marts ? $"Building the marts failed: {marts}" : "The run failed.";
        await EndAsync(context, now, RunOutcome.Failed, new RunFailed
        {
            RunId = run.CorrelationId,
            Sources = run.Sources,
            Reason = run.Error,
            FailedAt = now,
        });
        logger.LogWarning("Run {RunId} failed: {Reason}", run.CorrelationId, run.Error);
    }

    private async Task EndAsync<T>(BehaviorContext<PipelineRunState, T> context, DateTimeOffset now,
        RunOutcome outcome, object ended)
        where T : class
    {
        var run = context.Saga;
        (run.CompletedAt, run.UpdatedAt) = (now, now);
        await PublishAsync(context, new DeleteCluster { RunId = run.CorrelationId, Outcome = outcome });
        await PublishAsync(context, ended);
    }

    private async Task ReleaseSourcesAsync<T>(BehaviorContext<PipelineRunState, T> context, DateTimeOffset now)
        where T : class
    {
        var run = context.Saga;
        var known = run.Sources.Where(s => catalog.Sources.Contains(s, StringComparer.Ordinal)).ToList();
        var followUps = await ledger.EndRunAsync(context, run.CorrelationId, known, now, context.CancellationToken);
        foreach (var request in followUps) await PublishAsync(context, request);
    }

    private Task PublishAsync<T>(BehaviorContext<PipelineRunState, T> context, object message)
        where T : class =>
        outbox.AddAsync(context, context.Saga.CorrelationId, message, context.CancellationToken);

    private bool IsDue(DateTimeOffset? sentAt, DateTimeOffset now) => sentAt is { } at && now >= at + Deadlines.Step;

    private async Task ResendAsync<T>(BehaviorContext<PipelineRunState, T> context, object command, int attempt)
        where T : class
    {
        logger.LogWarning("Run {RunId}: sending {Command} again (attempt {Attempt} of {Attempts})",
            context.Saga.CorrelationId, command.GetType().Name, attempt, Deadlines.Attempts);
        await PublishAsync(context, command);
    }

    private void Fail(PipelineRunState run, StreamRun stream, FailureKind kind, string error)
    {
        var now = time.GetUtcNow();
        var step = stream.CurrentStep ?? StreamStep.Extract;
        stream.Fail(step, kind, error, now);
        run.UpdatedAt = now;
        logger.LogWarning("Run {RunId}: {Stream} failed to {Step} ({Kind}): {Error}",
            run.CorrelationId, stream, step.Name(), kind, error);
    }

    private void FailChain(PipelineRunState run, MartsChainRun chain, FailureKind kind, string error)
    {
        var now = time.GetUtcNow();
        (chain.Status, chain.FinishedAt, chain.SentAt) = (MartsStatus.Failed, now, null);
        (chain.FailureKind, chain.Error) = (kind, error);
        run.Marts.Summarize();
        run.UpdatedAt = now;
        logger.LogWarning("Run {RunId}: the {Chain} marts build failed ({Kind}): {Error}",
            run.CorrelationId, chain.Name, kind, error);
    }

    /// <summary>The chain that reads <paramref name="stream"/>'s trusted table, else null.</summary>
    private MartsChainName? ChainOf(StreamRun stream) =>
        catalog.All.FirstOrDefault(s => s.Source == stream.Source && s.Stream == stream.Stream) is { } spec
            ? MartsInputs.ChainOf(spec.Table)
            : null;

    private StreamRun? Find<T>(BehaviorContext<PipelineRunState, T> context, IStreamMessage message, StreamStep step)
        where T : class
    {
        var stream = context.Saga.FindStream(message.Source, message.Stream);
        if (stream is null)
            logger.LogWarning("Run {RunId}: ignoring {MessageType} for {Source}.{Stream}, which is not part of the run",
                context.Saga.CorrelationId, typeof(T).Name, message.Source, message.Stream);
        else if (stream.CurrentStep != step)
            logger.LogDebug("Run {RunId}: ignoring {MessageType} for {Stream} in status {Status} (duplicate or late)",
                context.Saga.CorrelationId, typeof(T).Name, stream, stream.Status);
        else
            return stream;
        return null;
    }
}
