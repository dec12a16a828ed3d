namespace EcommerceLake.Contracts;

/// <summary>Response to <see cref="GetCommittedOffsets"/>: the committed offsets of one source's streams.</summary>
public sealed record CommittedOffsetsReported
{
    /// <summary>Source name.</summary>
    public required string Source { get; init; }

    /// <summary>
    /// Stream name → committed offset (connector-specific JSON text); a stream without an offset is
    /// absent.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Offsets { get; init; }

    /// <summary>The run holding the source now, else null.</summary>
    public Guid? ActiveRunId { get; init; }
}
