using EcommerceLake.Contracts;
using EcommerceLake.Streams;

namespace EcommerceLake.Orchestrator.Lineage;

/// <summary>
/// What a stream that is stale or failing holds back, for the alerts that name it (<c>stale-source</c>,
/// <c>step-failed</c>): the fact tables and marts computed from its trusted table
/// (<see cref="MartsLineage.Downstream"/>), so that whoever is paged sees the blast radius in the message itself.
/// </summary>
public static class LineageImpact
{
    /// <summary>
    /// <c>; holds back marts.order_lines, marts.daily_sales_by_state_category (lake lineage)</c> for a stream some
    /// mart reads, to append to a sentence; empty for one no mart reads or a stream not in <paramref name="catalog"/>.
    /// </summary>
    public static string HoldsBack(StreamCatalog catalog, string source, string stream) =>
        Downstream(catalog, source, stream, "holds back");

    /// <summary>
    /// <c>; feeds marts.order_lines, marts.daily_sales_by_state_category (lake lineage)</c> for a stream some mart
    /// reads, to append to a sentence about data that was loaded nonetheless (a failing <c>warn</c> check); empty for
    /// one no mart reads or a stream not in <paramref name="catalog"/>.
    /// </summary>
    public static string Feeds(StreamCatalog catalog, string source, string stream) =>
        Downstream(catalog, source, stream, "feeds");

    private static string Downstream(StreamCatalog catalog, string source, string stream, string verb)
    {
        var spec = catalog.All.FirstOrDefault(s => s.Source == source && s.Stream == stream);
        if (spec is null) return "";
        var tables = MartsLineage.Downstream(MartsLineage.Trusted + spec.Table);
        return tables.Count == 0 ? ""
            : $"; {verb} {string.Join(", ", tables.Select(t => MartsLineage.Marts + t.Name))} (lake lineage)";
    }
}
