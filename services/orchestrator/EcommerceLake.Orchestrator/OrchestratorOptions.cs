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
    /// <c>Orchestrator:Schedules:{source}</c>: run each named source every interval (<c>hh:mm:ss</c>, positive), for
    /// example <c>Orchestrator:Schedules:files = 00:15:00</c>. Empty by default (no scheduled runs).
    /// </summary>
    public Dictionary<string, TimeSpan> Schedules { get; set; } = new(StringComparer.Ordinal);
}
