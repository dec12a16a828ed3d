namespace EcommerceLake.Contracts;

/// <summary>
/// Which trusted tables each marts chain reads: the agreement between the orchestrator, which starts a chain's build
/// once the run's streams of its tables are loaded, and the warehouse, whose chain SQL reads them (a warehouse test
/// holds its chains to this list). Table names are the streams' <c>{source}_{stream}</c>.
/// </summary>
public static class MartsInputs
{
    private static readonly Dictionary<string, MartsChainName> ChainByTable = new(StringComparer.Ordinal)
    {
        ["files_category_translation"] = MartsChainName.Orders,
        ["marketplace_customers"] = MartsChainName.Orders,
        ["marketplace_order_items"] = MartsChainName.Orders,
        ["marketplace_orders"] = MartsChainName.Orders,
        ["marketplace_products"] = MartsChainName.Orders,
        // monthly_sales_fx_inflation reads the economics series.
        ["economics_ipca"] = MartsChainName.Orders,
        ["economics_selic"] = MartsChainName.Orders,
        ["economics_usd_brl"] = MartsChainName.Orders,
        ["reviews_order_reviews"] = MartsChainName.Reviews,
    };

    /// <summary>Every chain, in the order a build of all of them lists them.</summary>
    public static IReadOnlyList<MartsChainName> Chains { get; } = Enum.GetValues<MartsChainName>();

    /// <summary>The chain that reads trusted table <paramref name="table"/>, or null when no mart reads it (the
    /// sellers, the partner's product file).</summary>
    public static MartsChainName? ChainOf(string table) =>
        ChainByTable.TryGetValue(table, out var chain) ? chain : null;

    /// <summary>The trusted tables <paramref name="chain"/> reads, sorted (ordinal).</summary>
    public static IReadOnlyList<string> TablesOf(MartsChainName chain) =>
        ChainByTable.Where(t => t.Value == chain).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
}
