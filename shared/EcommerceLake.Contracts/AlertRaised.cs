namespace EcommerceLake.Contracts;

/// <summary>
/// Event: the orchestrator raised an alert. Each alert is raised once (deduplicated by the orchestrator), published on
/// the bus and POSTed as JSON to <c>Alerts:WebhookUrl</c> when configured.
/// </summary>
/// <param name="Kind"><c>run-failed</c>, <c>step-failed</c>, <c>step-duration</c> (a step running longer than
/// <c>Alerts:StepDurationThreshold</c>) or <c>cluster-uptime</c> (a processing cluster alive longer than
/// <c>Alerts:ClusterUptimeThreshold</c>).</param>
/// <param name="Severity"><c>error</c> (something failed) or <c>warning</c> (something takes too long).</param>
/// <param name="RunId">The run concerned, when there is one.</param>
/// <param name="Source">The source concerned, when there is one.</param>
/// <param name="Stream">The stream concerned, when there is one.</param>
/// <param name="Message">What happened, for people.</param>
/// <param name="RaisedAt">When the alert was raised (UTC).</param>
public sealed record AlertRaised(
    string Kind, string Severity, Guid? RunId, string? Source, string? Stream, string Message, DateTimeOffset RaisedAt);
