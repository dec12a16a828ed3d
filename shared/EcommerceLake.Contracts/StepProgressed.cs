namespace EcommerceLake.Contracts;

/// <summary>
/// Event: a step is still running. Every step consumer publishes it every <c>Bus:StepRetry:ProgressInterval</c> while
/// it works, so the orchestrator moves the step's deadline (<c>Orchestrator:Deadlines:Step</c>) instead of taking a
/// long step for a lost one. It never counts as an answer.
/// </summary>
public sealed record StepProgressed : IRunMessage
{
    /// <summary>The run.</summary>
    public required Guid RunId { get; init; }

    /// <summary>The stream's source, or null for a run-wide step (building the marts).</summary>
    public string? Source { get; init; }

    /// <summary>The stream, or null for a run-wide step.</summary>
    public string? Stream { get; init; }

    /// <summary>The marts chain of a <see cref="BuildMarts"/> step, else null.</summary>
    public MartsChainName? Chain { get; init; }

    /// <summary>The command being worked on, for example <c>LoadStream</c>.</summary>
    public required string Step { get; init; }

    /// <summary>Seconds since this attempt of the step started.</summary>
    public required double ElapsedSeconds { get; init; }
}
