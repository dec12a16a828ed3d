namespace EcommerceLake.Ingestion.Detectors;

/// <summary>What a detector saw in its source that is not in trusted yet.</summary>
/// <param name="Signature">Identifies the observation (file stamps, a version): the same signature is published
/// once.</param>
/// <param name="Detail">Human-readable detail for <see cref="Contracts.SourceChangeDetected.Detail"/>.</param>
public sealed record SourceObservation(string Signature, string Detail);
