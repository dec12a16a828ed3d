namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// The version decision of a change-tracking read, shared by every dialect (PostgreSQL with the project's triggers,
/// SQL Server Change Tracking). It follows Microsoft's documented sequence ("Work with change tracking", sections
/// "Validate the last synchronized version" and "Obtain initial data",
/// https://learn.microsoft.com/sql/relational-databases/track-changes/work-with-change-tracking-sql-server): with no
/// last synchronized version the client obtains the initial data; when the last synchronized version is less than
/// <c>CHANGE_TRACKING_MIN_VALID_VERSION</c> the changes are no longer complete and the client must reinitialize;
/// otherwise it reads <c>CHANGETABLE(CHANGES t, @last)</c>. Both versions are read in the same snapshot as the data.
/// </summary>
public static class SyncPlanner
{
    /// <summary>Chooses full snapshot or incremental.</summary>
    /// <param name="lastSyncVersion">The committed offset's version, or null when there is none.</param>
    /// <param name="minValidVersion">The table's min valid version.</param>
    /// <param name="currentVersion">The source's current version.</param>
    /// <param name="forceFull">A full snapshot was requested whatever the offset.</param>
    /// <param name="expiredOffsetPolicy">What to do when the offset is below the min valid version.</param>
    /// <param name="table">The table, named in messages (<c>schema.name</c>).</param>
    /// <returns>
    /// A full snapshot when there is no offset, when <paramref name="forceFull"/> is set, when the offset is below the
    /// min valid version (under <see cref="ExpiredOffsetPolicy.FullReload"/>), or when it is above the current version
    /// (the source was restored from a backup or rebuilt, so the offset means nothing there; Microsoft's "Change
    /// tracking and data restore" asks clients to reinitialize); otherwise incremental from the offset.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">A version is negative.</exception>
    /// <exception cref="ChangeTrackingOffsetExpiredException">
    /// The offset is below the min valid version and <paramref name="expiredOffsetPolicy"/> is
    /// <see cref="ExpiredOffsetPolicy.Fail"/>. </exception>
    public static SyncPlan Decide(
        long? lastSyncVersion, long minValidVersion, long currentVersion, bool forceFull,
        ExpiredOffsetPolicy expiredOffsetPolicy = ExpiredOffsetPolicy.FullReload, string table = "the table")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minValidVersion);
        ArgumentOutOfRangeException.ThrowIfNegative(currentVersion);
        if (lastSyncVersion is < 0) throw new ArgumentOutOfRangeException(nameof(lastSyncVersion), lastSyncVersion,
            "A change version cannot be negative.");

        if (forceFull)
            return Full(currentVersion, "a full snapshot was requested");
        if (lastSyncVersion is not { } last)
            return Full(currentVersion, "there is no committed offset");
        if (last < minValidVersion)
            return expiredOffsetPolicy == ExpiredOffsetPolicy.Fail
                ? throw new ChangeTrackingOffsetExpiredException(table, last, minValidVersion)
                : Full(currentVersion, $"offset {last} is older than the minimum valid version {minValidVersion} " +
                    "(changes were cleaned up, or the table was truncated or re-enabled)");
        if (last > currentVersion)
            return Full(currentVersion,
                $"offset {last} is ahead of the current version {currentVersion} (the source was restored or rebuilt)");
        return new SyncPlan(SyncMode.Incremental, last, currentVersion, $"changes after version {last}");
    }

    private static SyncPlan Full(long currentVersion, string reason)
        => new(SyncMode.FullSnapshot, null, currentVersion, reason);
}
