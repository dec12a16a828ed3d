namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>Row count of one mart table after a build.</summary>
public sealed class MartRowCount
{
    /// <summary>Mart table name.</summary>
    public string Table { get; set; } = "";

    /// <summary>Rows in the table.</summary>
    public long Rows { get; set; }
}
