using System.Text.Json.Serialization;

namespace EcommerceLake.Orchestrator.Lineage;

/// <summary>
/// How a node of the lineage stands (<see cref="LineageNode.Health"/>), from the least to the most urgent: a node's
/// <see cref="LineageNode.UpstreamHealth"/> is the greatest of its streams'. Serialized as its name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<LineageHealth>))]
public enum LineageHealth
{
    /// <summary>Fresh data (a stream) or a last build that succeeded (a marts table).</summary>
    Healthy,

    /// <summary>A run is working on it now.</summary>
    Running,

    /// <summary>Nothing yet: a stream whose first data has not arrived within one cadence of monitoring, a marts table
    /// not built in the kept history.</summary>
    Waiting,

    /// <summary>An operator paused the stream.</summary>
    Paused,

    /// <summary>No data for longer than the stream's expected cadence (<c>Freshness</c> section).</summary>
    Stale,

    /// <summary>The stream failed in every run that tried it since its last load, or the table's last build failed.
    /// </summary>
    Failing,
}
