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

    /// <summary>Severity of failures.</summary>
    public const string Error = "error";

    /// <summary>Severity of things that take too long.</summary>
    public const string Warning = "warning";
}
