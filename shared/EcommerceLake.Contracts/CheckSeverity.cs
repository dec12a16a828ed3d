using System.Text.Json.Serialization;

namespace EcommerceLake.Contracts;

/// <summary>What a failing data-quality check (a stream spec's <c>checks</c>) does to its load, as dbt's
/// <c>severity</c> config. Serialized by its lower-case name (<c>warn</c>, <c>error</c>) by every serializer
/// (<see cref="WireName"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckSeverity>))]
public enum CheckSeverity
{
    /// <summary>The load commits; the failure is reported with the loaded stream (and raised as a
    /// <c>check-failed</c> warning alert by the orchestrator).</summary>
    [JsonStringEnumMemberName("warn")]
    Warn,

    /// <summary>The load fails as a whole (trusted and the stream's offset stay as they were) with a
    /// <c>SourceData</c> failure naming the check, its failing row count and sample keys.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
}
