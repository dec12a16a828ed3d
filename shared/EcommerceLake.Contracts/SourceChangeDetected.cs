namespace EcommerceLake.Contracts;

/// <summary>
/// Event: a source has data that is not in the lake yet. Published by the ingestion service's detectors (a new or
/// changed file in the file drop, the change-tracking version past the committed offset) and consumed by the
/// orchestrator, which starts a run of the source at once when it is idle, or marks one follow-up run to start when
/// the source's active run ends (bursts coalesce into that single follow-up).
/// </summary>
public sealed record SourceChangeDetected
{
    /// <summary>Source name, for example <c>files</c>.</summary>
    public required string Source { get; init; }

    /// <summary>
    /// What was seen; on the wire <c>file-arrived</c> or <c>change-version</c>. The run's trigger becomes
    /// <c>event:{Kind}</c> (<see cref="RunTrigger.FileArrived"/>, <see cref="RunTrigger.ChangeVersion"/>).
    /// </summary>
    public required SourceChangeKind Kind { get; init; }

    /// <summary>Human-readable detail for logs and the run's audit (file names, versions); never secrets.</summary>
    public required string Detail { get; init; }

    /// <summary>When the detector saw it (UTC).</summary>
    public required DateTimeOffset DetectedAt { get; init; }
}
