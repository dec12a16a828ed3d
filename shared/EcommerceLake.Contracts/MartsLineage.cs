namespace EcommerceLake.Contracts;

/// <summary>
/// Which table of <c>marts</c> is computed from which: the lineage from the trusted tables through the fact tables to
/// the marts, for the orchestrator's lineage view (<c>GET /lineage</c>). The warehouse's SQL is held to it by a test
/// in either engine (<c>When_the_marts_lineage_is_declared</c>): each table reads exactly the tables listed, once the
/// PostgreSQL engine's own helper tables of <c>order_lines</c> (<c>order_baskets</c>, <c>basket_lines</c>, left out
/// here) are read as <c>order_lines</c>. Its trusted tables per chain are <see cref="MartsInputs.TablesOf"/>.
/// </summary>
public static class MartsLineage
{
    /// <summary>Prefix of a trusted table in <see cref="MartTable.Reads"/>.</summary>
    public const string Trusted = "trusted.";

    /// <summary>Prefix of a marts table in <see cref="MartTable.Reads"/>.</summary>
    public const string Marts = "marts.";

    /// <summary>Every fact table and mart, each after the tables it reads.</summary>
    public static IReadOnlyList<MartTable> Tables { get; } =
    [
        Table("order_lines", MartsChainName.Orders, MartTableKind.Fact, "trusted.files_category_translation",
            "trusted.marketplace_customers", "trusted.marketplace_order_items", "trusted.marketplace_orders",
            "trusted.marketplace_products"),
        Table("daily_sales_by_state_category", MartsChainName.Orders, MartTableKind.Mart, "marts.order_lines"),
        Table("monthly_sales_fx_inflation", MartsChainName.Orders, MartTableKind.Mart,
            "marts.daily_sales_by_state_category", "trusted.economics_ipca", "trusted.economics_selic",
            "trusted.economics_usd_brl"),
        // BigQuery's build reads the product categories from trusted; PostgreSQL's from its basket lines.
        Table("bought_together", MartsChainName.Orders, MartTableKind.Mart, "marts.order_lines",
            "trusted.files_category_translation", "trusted.marketplace_products"),
        Table("customer_recommendations", MartsChainName.Orders, MartTableKind.Mart, "marts.bought_together",
            "marts.order_lines"),
        Table("review_words", MartsChainName.Reviews, MartTableKind.Fact, "trusted.reviews_order_reviews"),
        Table("review_word_counts", MartsChainName.Reviews, MartTableKind.Mart, "marts.review_words"),
    ];

    /// <summary>The fact tables and marts computed from <paramref name="table"/> (schema-qualified, for example
    /// <c>trusted.marketplace_orders</c>), directly or through other marts tables, in build order; empty when no mart
    /// reads it.</summary>
    public static IReadOnlyList<MartTable> Downstream(string table)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { table };
        var downstream = new List<MartTable>();
        foreach (var mart in Tables) // each after the tables it reads
            if (mart.Reads.Any(reached.Contains))
            {
                reached.Add(Marts + mart.Name);
                downstream.Add(mart);
            }
        return downstream;
    }

    private static MartTable Table(string name, MartsChainName chain, MartTableKind kind, params string[] reads) =>
        new() { Name = name, Chain = chain, Kind = kind, Reads = reads.Order(StringComparer.Ordinal).ToList() };
}
