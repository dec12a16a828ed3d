using EcommerceLake.Cli.Embedded;

namespace EcommerceLake.Cli.Demo;

/// <summary>Receives the main job's progress.</summary>
public interface IDemoProgress
{
    /// <summary>A stage of the job started (for example "Seeding the sources").</summary>
    void Stage(string description);

    /// <summary>A run's report changed (called on a bus thread).</summary>
    void RunChanged(string runLabel, RunReport report);
}
