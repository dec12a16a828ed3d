using System.Text.Json.Serialization;

namespace EcommerceLake.Contracts;

/// <summary>Event: a land batch for the stream is complete (its manifest is written).</summary>
public sealed record StreamExtracted : IStreamMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Source name, for example <c>marketplace</c>, <c>reviews</c>, <c>files</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Stream name inside the source, for example <c>orders</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>Offset the read started from (connector-specific JSON), or null for none.</summary>
    public string? OffsetFrom { get; init; }

    /// <summary>Offset to commit once the batch is in trusted (connector-specific JSON).</summary>
    public required string OffsetTo { get; init; }

    /// <summary>Rows written to land.</summary>
    public required long RowCount { get; init; }

    /// <summary>Malformed records set aside with their position and reason.</summary>
    public required long QuarantinedCount { get; init; }

    /// <summary>Lake path of the batch folder, for example <c>land/marketplace/orders/{run}</c>.</summary>
    public required string LandBatchUri { get; init; }

    /// <summary>
    /// True when the batch holds the whole source table (rows absent from it are deleted
    /// downstream).
    /// </summary>
    public required bool IsFullSnapshot { get; init; }

    /// <summary>Wall time of the extraction, seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>How the columns the source offered differ from the spec (empty lists when they match); null when
    /// this extraction saw no column of the source (no new file, no review returned, a source of fixed shape such as
    /// economics) or from an ingestion service that predates it.</summary>
    public SchemaDrift? SchemaDrift { get; init; }

    /// <summary>
    /// True when the batch can change nothing downstream: an incremental batch (not a full snapshot) of zero rows.
    /// The orchestrator then sends no <see cref="ProcessStream"/> or <see cref="LoadStream"/> for it and commits
    /// <see cref="OffsetTo"/> at once (there is nothing to bring into trusted first). Computed; not on the wire.
    /// </summary>
    [JsonIgnore]
    public bool IsEmptyIncrement => RowCount == 0 && !IsFullSnapshot;
}
