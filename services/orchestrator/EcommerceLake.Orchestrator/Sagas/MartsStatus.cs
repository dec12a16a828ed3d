using System.Text.Json.Serialization;

namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>Where the marts build of a run is. Serialized as its name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MartsStatus>))]
public enum MartsStatus
{
    /// <summary>Streams are still running.</summary>
    Pending,
    /// <summary><c>BuildMarts</c> sent; waiting for <c>MartsBuilt</c>.</summary>
    Building,
    /// <summary>The marts were rebuilt.</summary>
    Built,
    /// <summary>The build failed.</summary>
    Failed,
    /// <summary>
    /// Not built because a stream failed: the marts keep the last consistent build instead of mixing new and old
    /// data; the next successful run rebuilds them.
    /// </summary>
    Skipped,
}
