namespace EcommerceLake.Orchestrator.Lineage;

/// <summary>Data flows from node <paramref name="From"/> to node <paramref name="To"/> (<see cref="LineageNode.Id"/>s):
/// a source to its stream, a stream's trusted table to a marts table that reads it, a marts table to one that reads
/// it.</summary>
/// <param name="From">The upstream node's id.</param>
/// <param name="To">The downstream node's id.</param>
public sealed record LineageEdge(string From, string To);
