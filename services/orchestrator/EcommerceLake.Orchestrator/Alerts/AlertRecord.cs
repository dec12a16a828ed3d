using EcommerceLake.Contracts;

namespace EcommerceLake.Orchestrator.Alerts;

/// <summary>
/// An alert the orchestrator raised (table <c>orchestrator.alerts</c>); see <see cref="AlertRaised"/>.
/// </summary>
public sealed class AlertRecord
{
    /// <summary>Sequence number.</summary>
    public long Id { get; set; }

    /// <summary>What makes the alert unique, for example <c>step-duration:{run}:files.sellers:load</c>.</summary>
    public string Key { get; set; } = "";

    /// <summary>What the alert is about (column <c>kind</c> holds its wire name, for example
    /// <c>run-failed</c>).</summary>
    public AlertKind Kind { get; set; }

    /// <summary>How urgent it is (column <c>severity</c>: <c>error</c> or <c>warning</c>).</summary>
    public AlertSeverity Severity { get; set; }

    /// <summary>The run concerned, else null.</summary>
    public Guid? RunId { get; set; }

    /// <summary>The source concerned, else null.</summary>
    public string? Source { get; set; }

    /// <summary>The stream concerned, else null.</summary>
    public string? Stream { get; set; }

    /// <summary>What happened.</summary>
    public string Message { get; set; } = "";

    /// <summary>When (UTC).</summary>
    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>When the condition ended (a stale source received data), else null.</summary>
    public DateTimeOffset? ClearedAt { get; set; }
}
