namespace EcommerceLake.EndToEnd.Tests.Faults;

/// <summary>Where in a run a fault is injected: a stream's step, or the run building its marts.</summary>
public enum FaultStep
{
    /// <summary>A stream's <c>ExtractStream</c> is out (stream status <c>Extracting</c>).</summary>
    Extracting,

    /// <summary>A stream's <c>ProcessStream</c> is out (stream status <c>Processing</c>).</summary>
    Processing,

    /// <summary>A stream's <c>LoadStream</c> is out (stream status <c>Loading</c>).</summary>
    Loading,

    /// <summary>Every stream is loaded and <c>BuildMarts</c> is out (run state <c>BuildingMarts</c>).</summary>
    BuildingMarts,
}
