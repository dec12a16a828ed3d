namespace EcommerceLake.DemoSources.Seeding;

/// <summary>What <see cref="DemoSeeder.SeedAsync"/> did.</summary>
/// <param name="HoldBackFrom">The hold-back date used.</param>
/// <param name="Tables">One entry per target (marketplace tables, the reviews table, each dropped file).</param>
/// <param name="ChangeTrackingEnabled">Whether change tracking was enabled on the marketplace tables.</param>
public sealed record SeedSummary(DateTime HoldBackFrom, IReadOnlyList<SeededTable> Tables, bool ChangeTrackingEnabled)
{
    /// <summary>The entry of <paramref name="target"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such target; the message lists them.</exception>
    public SeededTable this[string target] =>
        Tables.FirstOrDefault(t => t.Target == target)
        ?? throw new KeyNotFoundException(
            $"No seeded target '{target}' (targets: {string.Join(", ", Tables.Select(t => t.Target))}).");
}
