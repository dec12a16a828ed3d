namespace EcommerceLake.Warehouse;

/// <summary>Which adapter of <see cref="IWarehouseEngine"/> the warehouse service runs
/// (<see cref="WarehouseOptions.Engine"/>).</summary>
public enum WarehouseEngineKind
{
    /// <summary>PostgreSQL 15 or later (<see cref="Postgres.PostgresWarehouseEngine"/>), from
    /// <c>ConnectionStrings:Warehouse</c>.</summary>
    Postgres,

    /// <summary>BigQuery (<see cref="BigQuery.BigQueryWarehouseEngine"/>) over its REST API, with the
    /// <c>GoogleCloud</c> settings; needs <c>Lake:Store=Gcs</c>.</summary>
    BigQuery,
}
