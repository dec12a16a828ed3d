using EcommerceLake.Contracts;

namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>
/// The per-stream lifecycle in one place. A stream runs three steps in order, each started by one command and
/// finished by one event: <c>extract</c> (<see cref="ExtractStream"/> → <see cref="StreamExtracted"/>),
/// <c>process</c> (<see cref="ProcessStream"/> → <see cref="StreamProcessed"/>) and <c>load</c>
/// (<see cref="LoadStream"/> → <see cref="StreamLoaded"/>). The one transition rule: an event that finishes step
/// <i>s</i> moves a stream only when the stream is in <i>s</i>'s status; the stream then starts the next step, or
/// becomes <see cref="StreamRunStatus.Loaded"/> after the load. A failure (failed event, <c>Fault&lt;T&gt;</c> of the
/// command, deadline, cancel) moves a stream in any step to <see cref="StreamRunStatus.Failed"/>.
/// </summary>
public enum StreamStep
{
    /// <summary>Source → land batch (ingestion service).</summary>
    Extract,

    /// <summary>Land → typed raw batch (processing service).</summary>
    Process,

    /// <summary>Raw → trusted MERGE; the offset commits with it (warehouse service).</summary>
    Load,
}

/// <summary>What each <see cref="StreamStep"/> means for a <see cref="StreamRun"/>.</summary>
public static class StreamSteps
{
    /// <summary>The status a stream has while <paramref name="step"/> runs.</summary>
    public static StreamRunStatus Status(this StreamStep step) => step switch
    {
        StreamStep.Extract => StreamRunStatus.Extracting,
        StreamStep.Process => StreamRunStatus.Processing,
        _ => StreamRunStatus.Loading,
    };

    /// <summary>The step a stream in <paramref name="status"/> is running, or null when it runs none.</summary>
    public static StreamStep? StepOf(StreamRunStatus status) => status switch
    {
        StreamRunStatus.Extracting => StreamStep.Extract,
        StreamRunStatus.Processing => StreamStep.Process,
        StreamRunStatus.Loading => StreamStep.Load,
        _ => null,
    };

    /// <summary>The step after <paramref name="step"/>, or null after the load.</summary>
    public static StreamStep? Next(this StreamStep step) => step == StreamStep.Load ? null : step + 1;

    /// <summary>The name of the command that starts <paramref name="step"/>: <c>ExtractStream</c>,
    /// <c>ProcessStream</c> or <c>LoadStream</c> (as <see cref="StepProgressed.Step"/> names it).</summary>
    public static string CommandName(this StreamStep step) => step switch
    {
        StreamStep.Extract => nameof(ExtractStream),
        StreamStep.Process => nameof(ProcessStream),
        _ => nameof(LoadStream),
    };

    /// <summary>The step's name in the API and in errors: <c>extract</c>, <c>process</c> or <c>load</c>.</summary>
    public static string Name(this StreamStep step) => step.ToString().ToLowerInvariant();

    /// <summary>
    /// The command that starts <paramref name="step"/> of <paramref name="stream"/> in run <paramref name="run"/>,
    /// built from what the stream recorded so far. Sending it again is safe: every step consumer is idempotent.
    /// </summary>
    public static object Command(this StreamStep step, PipelineRunState run, StreamRun stream) => step switch
    {
        StreamStep.Extract => new ExtractStream
        {
            RunId = run.CorrelationId,
            Source = stream.Source,
            Stream = stream.Stream,
            Offset = stream.OffsetFrom,
            ForceFull = run.ForceFull || stream.ForceFull,
        },
        StreamStep.Process => new ProcessStream
        {
            RunId = run.CorrelationId,
            Source = stream.Source,
            Stream = stream.Stream,
            LandBatchUri = stream.LandBatchUri!,
            IsFullSnapshot = stream.IsFullSnapshot,
        },
        _ => new LoadStream
        {
            RunId = run.CorrelationId,
            Source = stream.Source,
            Stream = stream.Stream,
            RawBatchUri = stream.RawBatchUri!,
            IsFullSnapshot = stream.IsFullSnapshot,
        },
    };
}
