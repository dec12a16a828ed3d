namespace EcommerceLake.Contracts;

/// <summary>
/// Event: the orchestrator raised an alert. Each alert is raised once (deduplicated by the orchestrator), published on
/// the bus and POSTed as JSON to <c>Alerts:WebhookUrl</c> when configured.
/// </summary>
public sealed record AlertRaised
{
    /// <summary>
    /// What the alert is about; on the wire <c>run-failed</c>, <c>step-failed</c>, <c>step-duration</c> (a step running
    /// longer than <c>Alerts:StepDurationThreshold</c>), <c>cluster-uptime</c> (a processing cluster alive longer
    /// than <c>Alerts:ClusterUptimeThreshold</c>) or <c>stale-source</c> (a stream's data later than its expected
    /// cadence, <c>Freshness</c> section; followed by <see cref="AlertCleared"/> when data arrives).
    /// </summary>
    public required AlertKind Kind { get; init; }

    /// <summary>On the wire <c>error</c> (something failed) or <c>warning</c> (something takes too long).</summary>
    public required AlertSeverity Severity { get; init; }

    /// <summary>The run concerned, when there is one; else null.</summary>
    public Guid? RunId { get; init; }

    /// <summary>The source concerned, when there is one; else null.</summary>
    public string? Source { get; init; }

    /// <summary>The stream concerned, when there is one; else null.</summary>
    public string? Stream { get; init; }

    /// <summary>What happened, for people.</summary>
    public required string Message { get; init; }

    /// <summary>When the alert was raised (UTC).</summary>
    public required DateTimeOffset RaisedAt { get; init; }
}
