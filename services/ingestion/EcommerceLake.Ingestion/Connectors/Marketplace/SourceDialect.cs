namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>The database a change-tracking source runs on (<c>Sources:Marketplace:Dialect</c>).</summary>
public enum SourceDialect
{
    /// <summary>PostgreSQL with the project's trigger-based change tracking
    /// (<see cref="PostgresChangeTrackingDialect"/>), the default.</summary>
    PostgreSql,

    /// <summary>SQL Server (or Azure SQL) with built-in Change Tracking
    /// (<see cref="SqlServerChangeTrackingDialect"/>).</summary>
    SqlServer,
}
