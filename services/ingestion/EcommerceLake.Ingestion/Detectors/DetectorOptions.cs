using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Ingestion.Detectors;

/// <summary>Configuration section <c>Detectors</c>: the source-event detectors of the ingestion service.</summary>
public sealed class DetectorOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Detectors";

    /// <summary><c>Detectors:Files:*</c>: the detector of new or changed files in the file drop
    /// (<see cref="FileArrivalDetector"/>).</summary>
    public SourceDetectorOptions Files { get; set; } = new();

    /// <summary><c>Detectors:Marketplace:*</c>: the detector of the change-tracking version
    /// (<see cref="ChangeVersionDetector"/>).</summary>
    public SourceDetectorOptions Marketplace { get; set; } = new();

    /// <summary><c>Detectors:OffsetsTimeout</c>: how long a detector waits for the orchestrator's committed offsets.
    /// Default 00:00:10.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00",
        ErrorMessage = "Detectors:OffsetsTimeout must be between 00:00:01 and 00:10:00.")]
    public TimeSpan OffsetsTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
