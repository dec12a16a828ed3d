using System.Text.Json.Serialization;

namespace EcommerceLake.Orchestrator.Freshness;

/// <summary>How recent a stream's data is. Serialized as its name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FreshnessState>))]
public enum FreshnessState
{
    /// <summary>Data arrived within the expected cadence.</summary>
    Fresh,

    /// <summary>No data has arrived yet, and monitoring began less than one cadence ago.</summary>
    Waiting,

    /// <summary>No data for longer than the expected cadence: a <c>stale-source</c> alert is raised once.</summary>
    Stale,

    /// <summary>An operator paused the stream: no stale alert is raised while it stays paused.</summary>
    Paused,
}
