namespace EcommerceLake.Ingestion.Connectors.ChangeTracking;

/// <summary>
/// Installs the project's trigger-based change tracking in a PostgreSQL source database, with SQL Server Change
/// Tracking's semantics (see the helper-written docs below).
/// </summary>
public static class ChangeTrackingInstaller
{
    /// <summary>Enables change tracking on <paramref name="tables"/> of <paramref name="schema"/> (idempotent).</summary>
    public static Task EnableAsync(string connectionString, string schema, IReadOnlyList<string> tables, CancellationToken cancellationToken)
        => throw new NotImplementedException("TODO(helper)");
}
