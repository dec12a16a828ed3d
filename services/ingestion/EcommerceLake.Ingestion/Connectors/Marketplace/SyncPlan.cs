namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>What <see cref="SyncPlanner.Decide"/> chose.</summary>
/// <param name="Mode">Full snapshot or incremental.</param>
/// <param name="SinceVersion">For <see cref="SyncMode.Incremental"/>, the last synchronized version to read changes
/// after; else null.</param>
/// <param name="CurrentVersion">The source's current version, the offset to return.</param>
/// <param name="Reason">Why, for logs (for example "offset 12 is older than the minimum valid version 40").</param>
public sealed record SyncPlan(SyncMode Mode, long? SinceVersion, long CurrentVersion, string Reason)
{
    /// <summary>True for <see cref="SyncMode.FullSnapshot"/>.</summary>
    public bool IsFullSnapshot => Mode == SyncMode.FullSnapshot;
}
