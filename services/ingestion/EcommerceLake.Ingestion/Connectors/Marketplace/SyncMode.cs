namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>How a change-tracking stream is read this time.</summary>
public enum SyncMode
{
    /// <summary>Every row of the table, as inserts at the current version (SQL Server's "obtain initial
    /// data").</summary>
    FullSnapshot,

    /// <summary>The net changes after the last synchronized version (<c>CHANGETABLE(CHANGES t, @last)</c>).</summary>
    Incremental,
}
