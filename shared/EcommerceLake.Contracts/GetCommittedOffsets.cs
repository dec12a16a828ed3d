namespace EcommerceLake.Contracts;

/// <summary>
/// Request (MassTransit request/response): the committed offset of every stream of <paramref name="Source"/>.
/// Answered by the orchestrator, which owns the offsets, with <see cref="CommittedOffsetsReported"/>. The ingestion
/// service's detectors use it to compare a source's position with what is already in trusted.
/// </summary>
/// <param name="Source">Source name.</param>
public sealed record GetCommittedOffsets(string Source);
