using System.Text.Json.Serialization;

namespace EcommerceLake.Contracts;

/// <summary>
/// What an <see cref="AlertRaised"/> (or <see cref="AlertCleared"/>) is about. Serialized by its lower-case, hyphenated
/// wire name (<c>run-failed</c>, <c>step-failed</c>, <c>step-duration</c>, <c>cluster-uptime</c>, <c>stale-source</c>,
/// <c>dead-letter</c>, <c>check-failed</c>, <c>schema-drift</c>) by every serializer, and stored under that name in
/// <c>orchestrator.alerts.kind</c>
/// (<see cref="WireName"/>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertKind>))]
public enum AlertKind
{
    /// <summary>A run ended failed.</summary>
    [JsonStringEnumMemberName("run-failed")]
    RunFailed,

    /// <summary>A step (extract, process, load of a stream; the marts build) failed.</summary>
    [JsonStringEnumMemberName("step-failed")]
    StepFailed,

    /// <summary>A step has been running longer than <c>Alerts:StepDurationThreshold</c>.</summary>
    [JsonStringEnumMemberName("step-duration")]
    StepDuration,

    /// <summary>A processing cluster has been alive longer than <c>Alerts:ClusterUptimeThreshold</c>.</summary>
    [JsonStringEnumMemberName("cluster-uptime")]
    ClusterUptime,

    /// <summary>
    /// A stream's data has not arrived for longer than its expected cadence (<c>Freshness</c> section); raised once
    /// per breach and cleared (<see cref="AlertCleared"/>) when data arrives.
    /// </summary>
    [JsonStringEnumMemberName("stale-source")]
    StaleSource,

    /// <summary>A service gave up on a message after its retries and moved it to its endpoint's <c>_error</c> queue
    /// (<see cref="MessageDeadLettered"/>).</summary>
    [JsonStringEnumMemberName("dead-letter")]
    DeadLetter,

    /// <summary>A load committed rows that break one of its stream's <c>warn</c> data-quality checks
    /// (<see cref="StreamLoaded.Checks"/>); raised once per run, stream and check.</summary>
    [JsonStringEnumMemberName("check-failed")]
    CheckFailed,

    /// <summary>A source offered columns its stream's spec does not read, or lacked some it reads
    /// (<see cref="StreamExtracted.SchemaDrift"/>); raised once per stream and drift while it lasts.</summary>
    [JsonStringEnumMemberName("schema-drift")]
    SchemaDrift,
}
