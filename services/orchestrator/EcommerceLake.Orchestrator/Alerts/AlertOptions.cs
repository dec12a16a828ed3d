using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Orchestrator.Alerts;

/// <summary>Configuration section <c>Alerts</c>.</summary>
public sealed class AlertOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Alerts";

    /// <summary>
    /// <c>Alerts:StepDurationThreshold</c>: a step running longer raises one <c>step-duration</c> alert.
    /// Default 00:05:00.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00",
        ErrorMessage = "Alerts:StepDurationThreshold must be between 00:00:01 and 7.00:00:00.")]
    public TimeSpan StepDurationThreshold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>Alerts:ClusterUptimeThreshold</c>: a processing cluster alive longer raises one <c>cluster-uptime</c> alert.
    /// Default 00:10:00.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00",
        ErrorMessage = "Alerts:ClusterUptimeThreshold must be between 00:00:01 and 7.00:00:00.")]
    public TimeSpan ClusterUptimeThreshold { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// <c>Alerts:CheckInterval</c>: how often running steps and live clusters are checked. Default 00:00:30.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00",
        ErrorMessage = "Alerts:CheckInterval must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>Alerts:WebhookUrl</c>: optional absolute http(s) URL; every alert is POSTed to it as JSON (the
    /// <see cref="Contracts.AlertRaised"/> fields in camelCase). Failures are logged and never stop the pipeline.
    /// May hold a token in its query: it is never logged.
    /// </summary>
    [Url(ErrorMessage = "Alerts:WebhookUrl must be an absolute http or https URL.")]
    public string? WebhookUrl { get; set; }

    /// <summary><c>Alerts:WebhookTimeout</c>: time limit of one webhook POST. Default 00:00:10.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00",
        ErrorMessage = "Alerts:WebhookTimeout must be between 00:00:01 and 00:10:00.")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
