namespace EcommerceLake.DemoSources.Seeding;

/// <summary>What seeding put into one target, from one dataset table.</summary>
/// <param name="Target">Where the rows went: <c>marketplace.orders</c>, <c>reviews_api.order_reviews</c>, or
/// <c>drop/{file}.csv</c>.</param>
/// <param name="DatasetTable">The Olist table the rows come from (<c>OlistDataset.Orders</c>, …).</param>
/// <param name="Seeded">Rows written now.</param>
/// <param name="HeldBack">Rows kept for the change batch.</param>
public sealed record SeededTable(string Target, string DatasetTable, long Seeded, long HeldBack);
