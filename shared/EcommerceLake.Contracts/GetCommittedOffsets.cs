namespace EcommerceLake.Contracts;

/// <summary>
/// Request (MassTransit request/response): the committed offset of every stream of <see cref="Source"/>.
/// Answered by the orchestrator, which owns the offsets, with <see cref="CommittedOffsetsReported"/>. The ingestion
/// service's detectors use it to compare a source's position with what is already in trusted.
/// </summary>
public sealed record GetCommittedOffsets
{
    /// <summary>Source name.</summary>
    public required string Source { get; init; }
}
