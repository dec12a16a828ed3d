namespace EcommerceLake.Orchestrator.Lineage;

/// <summary>
/// The lineage of the lake at <paramref name="MeasuredAt"/> (UTC): sources, their streams, and the fact tables and
/// marts computed from the streams' trusted tables (<see cref="EcommerceLake.Contracts.MartsLineage"/>), each with its
/// health; the answer of <c>GET /lineage</c>.
/// </summary>
/// <param name="MeasuredAt">The clock's time of the measure.</param>
/// <param name="Nodes">Sources, then streams (by source, then stream), then the marts tables in build order.</param>
/// <param name="Edges">Every flow between two nodes, upstream first.</param>
public sealed record LineageGraph(
    DateTimeOffset MeasuredAt, IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageEdge> Edges);
