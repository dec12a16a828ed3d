namespace EcommerceLake.Contracts;

/// <summary>Response to <see cref="GetCommittedOffsets"/>: the committed offsets of one source's streams.</summary>
/// <param name="Source">Source name.</param>
/// <param name="Offsets">Stream name → committed offset (connector-specific JSON text); a stream without an offset is
/// absent.</param>
/// <param name="ActiveRunId">The run holding the source now, else null.</param>
public sealed record CommittedOffsetsReported(string Source, IReadOnlyDictionary<string, string> Offsets,
    Guid? ActiveRunId);
