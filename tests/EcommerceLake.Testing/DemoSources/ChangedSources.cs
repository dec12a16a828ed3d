using EcommerceLake.DemoSources.Seeding;

namespace EcommerceLake.Testing.DemoSources;

/// <summary><see cref="SeededSources"/> after the change batch.</summary>
public sealed class ChangedSources : SeededSources
{
    public ChangeBatchSummary Changes { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Changes = await Seeder.ApplyChangeBatchAsync();
    }
}
