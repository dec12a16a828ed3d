namespace EcommerceLake.Orchestrator.Alerts;

/// <summary>Kinds and severities of <see cref="Contracts.AlertRaised"/>.</summary>
public static class AlertKinds
{
    /// <summary>A run ended failed.</summary>
    public const string RunFailed = "run-failed";

    /// <summary>A step (extract, process, load of a stream; the marts build) failed.</summary>
    public const string StepFailed = "step-failed";

    /// <summary>A step has been running longer than <c>Alerts:StepDurationThreshold</c>.</summary>
    public const string StepDuration = "step-duration";

    /// <summary>A processing cluster has been alive longer than <c>Alerts:ClusterUptimeThreshold</c>.</summary>
    public const string ClusterUptime = "cluster-uptime";

    /// <summary>
    /// A stream's data has not arrived for longer than its expected cadence (<c>Freshness</c> section); raised once
    /// per breach and cleared (<see cref="Contracts.AlertCleared"/>) when data arrives.
    /// </summary>
    public const string StaleSource = "stale-source";

    /// <summary>Severity of failures.</summary>
    public const string Error = "error";

    /// <summary>Severity of things that take too long.</summary>
    public const string Warning = "warning";
}
