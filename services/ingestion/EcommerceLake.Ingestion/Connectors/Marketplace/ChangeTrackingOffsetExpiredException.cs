namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// Thrown under <see cref="ExpiredOffsetPolicy.Fail"/> when the committed offset is older than the table's min valid
/// version, so <c>CHANGETABLE(CHANGES …)</c> after it would no longer be complete. Nothing is read and the offset is
/// not moved.
/// </summary>
public sealed class ChangeTrackingOffsetExpiredException : Exception
{
    /// <summary>Creates the exception; the message names the table and both versions.</summary>
    /// <param name="table">The table, for the message (<c>schema.name</c>).</param>
    /// <param name="savedVersion">The committed offset's version.</param>
    /// <param name="minValidVersion">The table's min valid version.</param>
    public ChangeTrackingOffsetExpiredException(string table, long savedVersion, long minValidVersion)
        : base($"Table {table}: the saved change-tracking version {savedVersion} is older than the minimum valid " +
            $"version {minValidVersion}: " +
               "the changes after it were cleaned up (or the table was truncated or re-enabled), so an incremental " +
               "read would miss changes. " +
               "ExpiredOffsetPolicy is Fail; request a full run (ForceFull) or set the policy to FullReload.")
    {
        Table = table;
        SavedVersion = savedVersion;
        MinValidVersion = minValidVersion;
    }

    /// <summary>The table (<c>schema.name</c>).</summary>
    public string Table { get; }

    /// <summary>The committed offset's version.</summary>
    public long SavedVersion { get; }

    /// <summary>The table's min valid version.</summary>
    public long MinValidVersion { get; }
}
