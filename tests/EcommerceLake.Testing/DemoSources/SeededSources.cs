using EcommerceLake.DemoSources;
using EcommerceLake.DemoSources.Olist;
using EcommerceLake.DemoSources.Seeding;
using Xunit;

namespace EcommerceLake.Testing.DemoSources;

/// <summary>A fresh source database and drop directory, seeded from the Olist data (change tracking off).</summary>
public class SeededSources : IAsyncLifetime
{
    private readonly TempDirectory _drop = new("demo-drop");

    public PostgresDatabase Database { get; } = new();
    public OlistDataset Dataset { get; private set; } = null!;
    public DemoSourceSettings Settings { get; private set; } = null!;
    public DemoSeeder Seeder { get; private set; } = null!;
    public SeedSummary Seed { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Dataset = await OlistData.LoadAsync();
        Settings = new DemoSourceSettings
        {
            SourceConnectionString = Database.ConnectionString,
            DropDirectory = _drop.Path,
            EnableChangeTracking = false,
        };
        Seeder = new DemoSeeder(Settings, Dataset);
        Seed = await Seeder.SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        _drop.Dispose();
    }
}
