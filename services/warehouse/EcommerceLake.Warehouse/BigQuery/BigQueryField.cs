namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>A column of a BigQuery table schema
/// (https://cloud.google.com/bigquery/docs/reference/rest/v2/tables#TableFieldSchema).</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">GoogleSQL type name (<c>STRING</c>, <c>INT64</c>, <c>BIGNUMERIC</c>, <c>DATETIME</c>,
/// …).</param>
/// <param name="Mode"><c>NULLABLE</c> or <c>REQUIRED</c>.</param>
public sealed record BigQueryField(string Name, string Type, string Mode = "NULLABLE")
{
    /// <summary>A <c>REQUIRED</c> column.</summary>
    public static BigQueryField Required(string name, string type) => new(name, type, "REQUIRED");
}
