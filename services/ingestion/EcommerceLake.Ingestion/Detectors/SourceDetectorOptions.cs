using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Ingestion.Detectors;

/// <summary>Settings of one detector (<c>Detectors:{Name}:*</c>).</summary>
public sealed class SourceDetectorOptions
{
    /// <summary>
    /// <c>Detectors:{Name}:Enabled</c>: poll the source. Default false (the embedded main job stays deterministic); the
    /// service hosts' appsettings.json turn it on.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary><c>Detectors:{Name}:PollInterval</c>: time between two looks at the source. Default 00:00:30.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00",
        ErrorMessage = "PollInterval must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
}
