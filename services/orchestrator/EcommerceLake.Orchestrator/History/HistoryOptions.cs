using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Orchestrator.History;

/// <summary>
/// Configuration section <c>Orchestrator:History</c>: how long finished runs, refused requests, alerts and deleted
/// clusters are kept in the orchestrator's database before <see cref="HistorySweeper"/> removes them (what
/// <c>airflow db clean</c> does by hand). Offsets, leases, active runs and the audit trails of offset resets and
/// stream controls are never removed.
/// </summary>
public sealed class HistoryOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Orchestrator:History";

    /// <summary>
    /// <c>Orchestrator:History:Prune</c>: false keeps every row forever (no sweep runs). Default true.
    /// </summary>
    public bool Prune { get; set; } = true;

    /// <summary>
    /// <c>Orchestrator:History:KeepFor</c>: the age, counted from a run's end (a refusal's, an alert's, a cluster's
    /// deletion), past which a row is removed. At least 7 days, Pub/Sub's longest message retention on a subscription:
    /// a run request redelivered that late must still find its run id and change nothing (the id is the request's
    /// idempotency key). Default 90 days; 7 to 3,650 days.
    /// </summary>
    [Range(typeof(TimeSpan), "7.00:00:00", "3650.00:00:00",
        ErrorMessage = "Orchestrator:History:KeepFor must be between 7 and 3650 days.")]
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// <c>Orchestrator:History:SweepInterval</c>: how often the sweep looks for rows past
    /// <see cref="KeepFor"/>; the first sweep runs one interval after start. Default 1 hour; 1 second to 1 day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00",
        ErrorMessage = "Orchestrator:History:SweepInterval must be between 1 second and 1 day.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
