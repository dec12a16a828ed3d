namespace EcommerceLake.Contracts;

/// <summary>
/// Event: a step is still running. Every step consumer publishes it every <c>Bus:StepRetry:ProgressInterval</c> while
/// it works, so the orchestrator moves the step's deadline (<c>Orchestrator:Deadlines:Step</c>) instead of taking a
/// long step for a lost one. It never counts as an answer.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Source">The stream's source, or null for a run-wide step (building the marts).</param>
/// <param name="Stream">The stream, or null for a run-wide step.</param>
/// <param name="Step">The command being worked on, for example <c>LoadStream</c>.</param>
/// <param name="ElapsedSeconds">Seconds since this attempt of the step started.</param>
public sealed record StepProgressed(Guid RunId, string? Source, string? Stream, string Step, double ElapsedSeconds)
    : IRunMessage;
