using EcommerceLake.Contracts;

namespace EcommerceLake.Warehouse.Marts;

/// <summary>
/// A group of fact tables and marts that reads only its own trusted tables, so that the PostgreSQL engine builds the
/// two chains side by side, each on its own connection and in its own transaction: the order marts
/// (<see cref="Orders"/>) and the review marts (<see cref="Reviews"/>), which share no table. The saga builds each as
/// soon as the run's streams of the tables it reads (<see cref="MartsInputs"/>) are loaded.
/// </summary>
/// <param name="Name">The chain's name on the bus (<see cref="BuildMarts.Chain"/>).</param>
/// <param name="Facts">The fact tables in <c>marts</c>, in build order.</param>
/// <param name="Marts">The marts, in build order (a mart comes after the marts it reads).</param>
/// <param name="IncrementalScript">The embedded script <c>Marts/{name}.sql</c> that maintains the chain for the keys
/// recorded in its change tables.</param>
/// <param name="SourceTables">The trusted tables whose changed keys the chain reads from
/// <c>land.changes_{table}</c>.</param>
/// <param name="Untracked">The chain's marts that also read tables recording no keys, rebuilt by every build even when
/// no key was recorded.</param>
internal sealed record MartsChain(
    MartsChainName Name, IReadOnlyList<string> Facts, IReadOnlyList<string> Marts, string IncrementalScript,
    IReadOnlyList<string> SourceTables, IReadOnlyList<string> Untracked)
{
    /// <summary><c>order_lines</c>, the basket count and the lines of baskets with two products or more kept with it
    /// (<c>order_baskets</c>, <c>basket_lines</c>) and the marts built from them (sales, the monthly economics mart,
    /// recommendations). The monthly mart also reads the economics series, which record no keys; it is rebuilt by
    /// every build.</summary>
    public static MartsChain Orders { get; } = new(
        MartsChainName.Orders,
        ["order_lines", "order_baskets", "basket_lines"],
        ["daily_sales_by_state_category", "monthly_sales_fx_inflation", "bought_together", "customer_recommendations"],
        "incremental",
        ["files_category_translation", "marketplace_customers", "marketplace_order_items", "marketplace_orders",
            "marketplace_products"],
        ["monthly_sales_fx_inflation"]);

    /// <summary><c>review_words</c> and the word counts built from it.</summary>
    public static MartsChain Reviews { get; } = new(
        MartsChainName.Reviews, ["review_words"], ["review_word_counts"], "incremental_reviews",
        ["reviews_order_reviews"], []);

    /// <summary>Both chains; together they hold every fact table, mart and source table of <see cref="MartsSql"/>.
    /// </summary>
    public static IReadOnlyList<MartsChain> All { get; } = [Orders, Reviews];

    /// <summary>The chain called <paramref name="name"/>.</summary>
    public static MartsChain Of(MartsChainName name) => All.Single(c => c.Name == name);

    /// <summary>The statements of <see cref="IncrementalScript"/> (see <see cref="MartsSql.Split"/>).</summary>
    public IReadOnlyList<string> IncrementalSteps() => MartsSql.Split(MartsSql.Load(IncrementalScript));
}
