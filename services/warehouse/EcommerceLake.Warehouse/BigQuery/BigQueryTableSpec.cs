namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>What <see cref="BigQueryTables.EnsureTableAsync"/> creates
/// (https://cloud.google.com/bigquery/docs/reference/rest/v2/tables#Table).</summary>
/// <param name="Dataset">Dataset id.</param>
/// <param name="Table">Table id.</param>
/// <param name="Fields">Columns, in order.</param>
/// <param name="IngestionTimePartitioned">Partition by day of ingestion (<c>timePartitioning: {type: DAY}</c> without a
/// field: the pseudo-column <c>_PARTITIONTIME</c>).</param>
/// <param name="Clustering">Clustering columns (at most 4), or empty.</param>
/// <param name="PrimaryKey">Primary-key columns, declared as a (not enforced) table constraint for the optimizer, or
/// empty.</param>
/// <param name="ExpiresAt">When the table expires (staging tables), or null.</param>
public sealed record BigQueryTableSpec(
    string Dataset,
    string Table,
    IReadOnlyList<BigQueryField> Fields,
    bool IngestionTimePartitioned = false,
    IReadOnlyList<string>? Clustering = null,
    IReadOnlyList<string>? PrimaryKey = null,
    DateTimeOffset? ExpiresAt = null);
