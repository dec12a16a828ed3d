using EcommerceLake.Contracts;

namespace EcommerceLake.Orchestrator.Lineage;

/// <summary>One node of the lineage (<see cref="LineageGraph"/>). Times are UTC.</summary>
/// <param name="Id"><c>source:{source}</c>, <c>stream:{source}.{stream}</c> or <c>marts:{table}</c>.</param>
/// <param name="Kind">Source, stream, fact table or mart.</param>
/// <param name="Name">The source, <c>{source}.{stream}</c>, or the marts table's name.</param>
/// <param name="Table">The warehouse table: <c>trusted.{source}_{stream}</c> or <c>marts.{table}</c>; null for a
/// source.</param>
/// <param name="Chain">The marts chain that builds a fact table or mart (<c>orders</c>, <c>reviews</c>), else null.
/// </param>
/// <param name="Health">How the node stands (<see cref="LineageHealth"/>); a source: its worst stream.</param>
/// <param name="Detail">Why, for people: the freshness state, failed runs, who paused it, or the build's error.
/// </param>
/// <param name="LastAt">A stream's last data (a load that brought rows, else its last load), a marts table's last
/// successful build, a source's newest stream; null when never.</param>
/// <param name="RunId">The run of <paramref name="LastAt"/>, else null.</param>
/// <param name="Rows">A stream's land rows in that load; a marts table's rows after that build when the warehouse
/// reported them; else null.</param>
/// <param name="Upstream">The streams (<c>{source}.{stream}</c>) a marts table is computed from, through the tables
/// it reads; a source's streams; empty for a stream.</param>
/// <param name="UpstreamHealth">The worst health of <paramref name="Upstream"/>; a stream's own.</param>
public sealed record LineageNode(
    string Id, LineageNodeKind Kind, string Name, string? Table, string? Chain, LineageHealth Health, string Detail,
    DateTimeOffset? LastAt, Guid? RunId, long? Rows, IReadOnlyList<string> Upstream, LineageHealth UpstreamHealth)
{
    /// <summary>A stream's data-quality checks whose latest outcome failed (severity <c>warn</c>: the rows were
    /// loaded; <c>GET /checks</c>), by name; empty for other nodes. They do not change <see cref="Health"/>, which is
    /// about whether data arrives.</summary>
    public IReadOnlyList<string> FailingChecks { get; init; } = [];

    /// <summary>A stream whose source offered other columns than its spec at the latest extraction that saw them
    /// (<c>GET /schema-drift</c>): the columns added and missing; null when it matched or was not seen, and for other
    /// nodes. It does not change <see cref="Health"/> either.</summary>
    public SchemaDrift? SchemaDrift { get; init; }
}
