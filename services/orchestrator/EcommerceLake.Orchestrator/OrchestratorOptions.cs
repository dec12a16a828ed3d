using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Orchestrator;

/// <summary>Configuration section <c>Orchestrator</c>.</summary>
public sealed class OrchestratorOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Orchestrator";

    /// <summary>
    /// <c>Orchestrator:ConcurrencyRetryLimit</c>: how many times a saga message is retried (each attempt with a fresh
    /// DbContext) after an optimistic-concurrency conflict on <c>xmin</c> or a concurrent insert of the same run,
    /// 1 to 1000. Default 30. Rare since events of one run queue on the run's row lock (<c>SELECT … FOR UPDATE</c>);
    /// a safety net for a run created twice at once.
    /// </summary>
    [Range(1, 1000)]
    public int ConcurrencyRetryLimit { get; set; } = 30;

    /// <summary><c>Orchestrator:ListLimit</c>: most runs <c>GET /runs</c> returns, 1 to 10000. Default 100.</summary>
    [Range(1, 10000)]
    public int ListLimit { get; set; } = 100;

    /// <summary>
    /// <c>Orchestrator:Schedules:{source}</c>: when to run each named source — an interval (<c>hh:mm:ss</c>, at least
    /// one second, ticking at whole multiples of itself since the Unix epoch: <c>00:15:00</c> runs at :00, :15, :30
    /// and :45) or a cron expression (<c>0 2 * * *</c>: every day at 02:00 in <see cref="ScheduleTimeZone"/>; six
    /// fields put seconds first; <c>@daily</c> and the other macros). Read by <see cref="Schedules.RunSchedule"/>.
    /// Empty by default (no scheduled runs).
    /// </summary>
    public Dictionary<string, string> Schedules { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// <c>Orchestrator:ScheduleTimeZone</c>: the IANA time zone cron schedules are read in (for example
    /// <c>America/Sao_Paulo</c>), so <c>0 2 * * *</c> means 02:00 there across daylight-saving changes. Default
    /// <c>UTC</c>. Intervals do not depend on it.
    /// </summary>
    [Required]
    public string ScheduleTimeZone { get; set; } = "UTC";

    /// <summary>
    /// <c>Orchestrator:ScheduleCheckInterval</c>: how often the scheduler looks for due ticks, so how late after its
    /// tick a scheduled run is requested at most; 1 second to 1 day. Default 1 second (the check reads the database
    /// only when a cached tick is due, or once a minute).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00",
        ErrorMessage = "Orchestrator:ScheduleCheckInterval must be between 1 second and 1 day.")]
    public TimeSpan ScheduleCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
