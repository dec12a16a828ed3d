namespace EcommerceLake.Orchestrator.Schemas;

/// <summary>How a stream's source columns compare with its spec, as the latest extraction that saw them reported it
/// (table <c>orchestrator.source_schemas</c>, migration 0011); served by <c>GET /schema-drift</c>.</summary>
/// <param name="Source">Source name.</param>
/// <param name="Stream">Stream name inside the source.</param>
/// <param name="Added">Columns the source offers that the spec does not read (their values are not landed),
/// sorted.</param>
/// <param name="Missing">Spec columns the source did not offer, in spec order.</param>
/// <param name="RunId">The run whose extraction saw them.</param>
/// <param name="ObservedAt">When the orchestrator recorded it (UTC).</param>
/// <param name="DriftingSince">When this drift was first seen (UTC); null when there is none.</param>
public sealed record SourceSchema(
    string Source, string Stream, IReadOnlyList<string> Added, IReadOnlyList<string> Missing, Guid RunId,
    DateTimeOffset ObservedAt, DateTimeOffset? DriftingSince)
{
    /// <summary>True when the source offered other columns than the spec's.</summary>
    public bool Drifting => Added.Count > 0 || Missing.Count > 0;
}
