namespace EcommerceLake.Warehouse;

/// <summary>What a marts build produced.</summary>
/// <param name="RowCounts">Row count per mart table name (without schema), for example
/// <c>daily_sales_by_state_category</c>.</param>
public sealed record MartsResult(IReadOnlyDictionary<string, long> RowCounts);
