namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// What a change-tracking read does when the committed offset is older than the table's min valid version (the
/// changes after it were cleaned up, or the table was truncated or re-enabled), configured per source as
/// <c>Sources:Marketplace:ExpiredOffsetPolicy</c>. Microsoft's "Work with change tracking" asks a client in that state
/// to reinitialize its data
/// (https://learn.microsoft.com/sql/relational-databases/track-changes/work-with-change-tracking-sql-server, "Validate
/// the last synchronized version").
/// </summary>
public enum ExpiredOffsetPolicy
{
    /// <summary>Reinitialize: read a full snapshot of the table at the current version (the default).</summary>
    FullReload,

    /// <summary>Fail the extraction with <see cref="ChangeTrackingOffsetExpiredException"/>; an operator decides (for
    /// example a forced full run).</summary>
    Fail,
}
