namespace EcommerceLake.Contracts;

/// <summary>
/// Event: a source has data that is not in the lake yet. Published by the ingestion service's detectors (a new or
/// changed file in the file drop, the change-tracking version past the committed offset) and consumed by the
/// orchestrator, which starts a run of the source at once when it is idle, or marks one follow-up run to start when
/// the source's active run ends (bursts coalesce into that single follow-up).
/// </summary>
/// <param name="Source">Source name, for example <c>files</c>.</param>
/// <param name="Kind">What was seen, for example <c>file-arrived</c> or <c>change-version</c>; the run's trigger
/// becomes <c>event:{Kind}</c>.</param>
/// <param name="Detail">Human-readable detail for logs and the run's audit (file names, versions); never
/// secrets.</param>
/// <param name="DetectedAt">When the detector saw it (UTC).</param>
public sealed record SourceChangeDetected(string Source, string Kind, string Detail, DateTimeOffset DetectedAt);
